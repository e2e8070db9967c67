import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { assertOutboxOwner } from "@/lib/review/outbox-owner";
import { syncReviews } from "@/lib/review/sync";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  assertOutboxOwner(request, user);
  return syncReviews(user, await readJson(request), new Date());
});
