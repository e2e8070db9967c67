import { requestVerificationMail } from "@/lib/accounts/email-verification";
import { apiRoute, readJson } from "@/lib/http/api";

/** `{email}` → 202 whether or not an account is waiting for confirmation (the mail goes out from the job queue). */
export const POST = apiRoute(async (request) => {
  const result = await requestVerificationMail(await readJson(request), request.headers);
  return Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } });
});
