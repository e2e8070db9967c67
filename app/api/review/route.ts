import type { Actor } from "@/lib/auth/actor";
import { requireSessionCheck, requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { assertOutboxOwner } from "@/lib/review/outbox-owner";
import { answerCardInSession } from "@/lib/review/answer";

export const POST = apiRoute(async (request) => {
  // The session's re-check rides in the answer's first statement (lib/review/answer.ts); a refusal
  // found before that statement runs re-checks the session first, so 401 and 403 still come first.
  const session = await requireSessionCheck();
  const authorize = (actor: Actor) => assertOutboxOwner(request, actor);
  const checkSession = async () => {
    const actor = await requireUser();
    authorize(actor);
    return actor;
  };
  let body: unknown;
  try {
    body = await readJson(request);
  } catch (error) {
    await checkSession();
    throw error;
  }
  const outcome = await answerCardInSession(session, body, new Date(), authorize, checkSession);
  return { card: outcome.card };
});
