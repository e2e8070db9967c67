import { requireUser } from "@/lib/auth/guards";
import { listStudentAssignments } from "@/lib/classes/student";
import { apiRoute } from "@/lib/http/api";

/** The signed-in student's assignments across their classes, with their own progress. */
export const GET = apiRoute(async () => {
  const user = await requireUser();
  return { assignments: await listStudentAssignments(user, new Date()) };
});
