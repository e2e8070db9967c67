import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { getCourseStats } from "@/lib/review/stats";

export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireUser();
  return getCourseStats(user, (await params).slug, new Date());
});
