import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { syncReviews } from "@/lib/review/sync";

export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  return syncReviews(user, await readJson(request), new Date());
});
