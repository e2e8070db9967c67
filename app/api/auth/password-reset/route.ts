import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { apiRoute, readJson } from "@/lib/http/api";

/** `{email}` → 202 whether or not the address has an account (the mail goes out from the job queue). */
export const POST = apiRoute(async (request) => {
  const result = await requestPasswordReset(await readJson(request), request.headers);
  return Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } });
});
