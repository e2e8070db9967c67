import { confirmEmailVerification } from "@/lib/accounts/email-verification";
import { apiRoute, readJson } from "@/lib/http/api";

/** `{token}` → 200 and the account can sign in, or 400 for a used, replaced, expired or unknown token. */
export const POST = apiRoute(async (request) => {
  await confirmEmailVerification(await readJson(request), request.headers, new Date());
  return { ok: true, message: "Your email address is confirmed. You can sign in now." };
});
