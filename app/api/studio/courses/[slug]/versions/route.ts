import { requireRole } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { listVersions } from "@/lib/studio/courses";

export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  return { versions: await listVersions(user, (await params).slug) };
});
