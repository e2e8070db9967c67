import { confirmPasswordReset } from "@/lib/accounts/password-reset";
import { apiRoute, readJson } from "@/lib/http/api";

/** `{token, password}` → 200, or 400 for a used, replaced, expired or unknown token. Every session of the account ends. */
export const POST = apiRoute(async (request) => {
  await confirmPasswordReset(await readJson(request), request.headers, new Date());
  return { ok: true, message: "Your password was changed. Sign in with the new one." };
});
