import { requireInstructorOf } from "@/lib/auth/guards";
import { rotateJoinCode } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api";

/** A new join code; the old code and link stop working. */
export const POST = apiRoute<{ id: string }>(async (_request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  return rotateJoinCode(user, id);
});
