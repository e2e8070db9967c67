import { requireInstructorOf } from "@/lib/auth/guards";
import { removeCoInstructor } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api";

export const DELETE = apiRoute<{ id: string; userId: string }>(async (_request, { params }) => {
  const { id, userId } = await params;
  const { user } = await requireInstructorOf(id);
  await removeCoInstructor(user, id, userId);
  return { removed: true };
});
