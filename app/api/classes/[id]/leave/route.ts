import { requireUser } from "@/lib/auth/guards";
import { leaveClass } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api";

/** The signed-in student leaves the class (404 if they are not in it). */
export const POST = apiRoute<{ id: string }>(async (_request, { params }) => {
  const { id } = await params;
  const user = await requireUser();
  return leaveClass(user, id, new Date());
});
