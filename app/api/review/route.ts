import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { answerCard } from "@/lib/review/answer";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  const outcome = await answerCard(user, await readJson(request), new Date());
  return { card: outcome.card };
});
