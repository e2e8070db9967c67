import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { undoLastReview } from "@/lib/review/undo";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  return undoLastReview(user, await readJson(request), new Date());
});
