import { requireRole } from "@/lib/auth/guards";
import { setUserRole } from "@/lib/accounts/users";
import { ValidationError } from "@/lib/errors";
import { apiRoute, readJson } from "@/lib/http/api";

/** Body `{role}`: promotes or demotes the user; their sessions end. */
export const PATCH = apiRoute<{ id: string }>(async (request, context) => {
  const admin = await requireRole("admin");
  const { id } = await context.params;
  const body = await readJson(request);
  // The user comes from the URL: a body naming one is refused as an unknown field, like any other.
  const fields = body && typeof body === "object" && !Array.isArray(body) ? body : { role: body };
  if ("userId" in fields) throw new ValidationError({ userId: ["is not allowed here: the user is the one in the URL"] });
  return setUserRole(admin, { ...fields, userId: id });
});
