import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { assertOutboxOwner } from "@/lib/review/outbox-owner";
import { applyCardAction } from "@/lib/review/card-actions";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  assertOutboxOwner(request, user);
  return { card: await applyCardAction(user, await readJson(request), new Date()) };
});
