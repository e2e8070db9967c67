import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { applyCardAction } from "@/lib/review/card-actions";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  return { card: await applyCardAction(user, await readJson(request), new Date()) };
});
