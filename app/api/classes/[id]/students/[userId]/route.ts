import { requireInstructorOf } from "@/lib/auth/guards";
import { removeStudent } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api";

/** Removes the student from the class (history kept); `?rotateCode=1` also replaces the join code. */
export const DELETE = apiRoute<{ id: string; userId: string }>(async (request, { params }) => {
  const { id, userId } = await params;
  const { user } = await requireInstructorOf(id);
  const rotateCode = new URL(request.url).searchParams.get("rotateCode") === "1";
  return removeStudent(user, id, userId, new Date(), { rotateCode });
});
