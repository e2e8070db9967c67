import { registerWithThrottle } from "@/lib/accounts/register";
import { apiRoute, readJson } from "@/lib/http/api";

/**
 * Creates a student account; it does not sign in (use next-auth's credentials callback next). With
 * EMAIL_VERIFICATION=required the answer carries `verificationRequired: true`: sign-in waits for the mailed link.
 */
export const POST = apiRoute(async (request) => {
  const { id, email, name, role, verificationRequired } = await registerWithThrottle(await readJson(request), request.headers);
  const body = { id, email, name, role, ...(verificationRequired ? { verificationRequired } : {}) };
  return Response.json(body, { status: 201, headers: { "Cache-Control": "no-store" } });
});
