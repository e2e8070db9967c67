import { requireInstructorOf } from "@/lib/auth/guards";
import { listRoster } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute<{ id: string }>(async (_request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  return { students: await listRoster(user, id) };
});
