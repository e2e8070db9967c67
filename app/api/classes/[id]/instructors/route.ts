import { requireInstructorOf } from "@/lib/auth/guards";
import { addCoInstructor } from "@/lib/classes/classes";
import { apiRoute, readJson } from "@/lib/http/api";

/** `{email}` of an existing instructor account → co-instructor. */
export const POST = apiRoute<{ id: string }>(async (request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  const added = await addCoInstructor(user, id, await readJson(request));
  return Response.json(added, { status: 201, headers: { "Cache-Control": "no-store" } });
});
