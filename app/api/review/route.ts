import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { assertOutboxOwner } from "@/lib/review/outbox-owner";
import { answerCard } from "@/lib/review/answer";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  assertOutboxOwner(request, user);
  const outcome = await answerCard(user, await readJson(request), new Date());
  return { card: outcome.card };
});
