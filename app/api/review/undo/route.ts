import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { assertOutboxOwner } from "@/lib/review/outbox-owner";
import { undoLastReview } from "@/lib/review/undo";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  assertOutboxOwner(request, user);
  return undoLastReview(user, await readJson(request), new Date());
});
