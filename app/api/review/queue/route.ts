import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { getExtraQueue, getReviewQueue } from "@/lib/review/queue";

export const GET = apiRoute(async (request) => {
  const user = await requireUser();
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return "extra" in query ? getExtraQueue(user, query, new Date()) : getReviewQueue(user, query, new Date());
});
