import { requireInstructorOf } from "@/lib/auth/guards";
import { updateAssignment } from "@/lib/classes/assignments";
import { apiRoute, readJson } from "@/lib/http/api";

/** `{title?, opensAt?, dueAt?, goal?, archived?}`. */
export const PATCH = apiRoute<{ id: string; assignmentId: string }>(async (request, { params }) => {
  const { id, assignmentId } = await params;
  const { user } = await requireInstructorOf(id);
  return updateAssignment(user, id, assignmentId, await readJson(request), new Date());
});
