import { registerWithThrottle } from "@/lib/accounts/register";
import { apiRoute, readJson } from "@/lib/http/api";

/** Creates a student account; it does not sign in (use next-auth's credentials callback next). */
export const POST = apiRoute(async (request) => {
  const { id, email, name, role } = await registerWithThrottle(await readJson(request), request.headers);
  return Response.json({ id, email, name, role }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
