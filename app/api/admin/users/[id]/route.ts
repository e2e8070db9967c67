import { requireRole } from "@/lib/auth/guards";
import { setUserRole } from "@/lib/db/users";
import { apiRoute, readJson } from "@/lib/http/api";

/** Body `{role}`: promotes or demotes the user; their sessions end. */
export const PATCH = apiRoute<{ id: string }>(async (request, context) => {
  const admin = await requireRole("admin");
  const { id } = await context.params;
  const body = await readJson(request);
  const role = body && typeof body === "object" ? (body as { role?: unknown }).role : undefined;
  return setUserRole(admin, { userId: id, role });
});
