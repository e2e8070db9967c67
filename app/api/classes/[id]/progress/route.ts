import { requireInstructorOf } from "@/lib/auth/guards";
import { getClassDashboard } from "@/lib/classes/dashboard";
import { apiRoute } from "@/lib/http/api";

/** The class dashboard: students × assignments, per-student figures, per-card figures, completion timelines. */
export const GET = apiRoute<{ id: string }>(async (_request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  return getClassDashboard(user, id, new Date());
});
