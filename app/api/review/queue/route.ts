import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { getReviewQueue } from "@/lib/review/queue";

export const GET = apiRoute(async (request) => {
  const user = await requireUser();
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return getReviewQueue(user, query, new Date());
});
