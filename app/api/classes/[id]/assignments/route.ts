import { requireInstructorOf } from "@/lib/auth/guards";
import { createAssignment, listAssignments } from "@/lib/classes/assignments";
import { apiRoute, readJson } from "@/lib/http/api";

type Params = { id: string };

export const GET = apiRoute<Params>(async (request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  const includeArchived = new URL(request.url).searchParams.get("archived") === "1";
  return { assignments: await listAssignments(user, id, { includeArchived }) };
});

/** `{title?, lessonKeys? | unitKey?, opensAt?, dueAt, goal?}`; times without an offset are the class's wall clock. */
export const POST = apiRoute<Params>(async (request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  const created = await createAssignment(user, id, await readJson(request), new Date());
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
