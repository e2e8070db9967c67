import { requireInstructorOf } from "@/lib/auth/guards";
import { listClassNudges, nudgeStudentsBehind } from "@/lib/classes/nudges";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

/** Who was reminded of this assignment, when. */
export const GET = apiRoute<{ id: string; assignmentId: string }>(async (_request, { params }) => {
  const { id, assignmentId } = await params;
  const { user } = await requireInstructorOf(id);
  const found = (await listClassNudges(user, id, new Date())).find((entry) => entry.assignmentId === assignmentId);
  if (!found) throw new NotFoundError("No such assignment.");
  return found;
});

/** Emails every student behind on the assignment; 429 within a day of the last time. */
export const POST = apiRoute<{ id: string; assignmentId: string }>(async (_request, { params }) => {
  const { id, assignmentId } = await params;
  const { user } = await requireInstructorOf(id);
  return nudgeStudentsBehind(user, id, assignmentId, new Date());
});
