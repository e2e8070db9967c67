import { requireInstructorOf } from "@/lib/auth/guards";
import { getTeachingClass, updateClass } from "@/lib/classes/classes";
import { apiRoute, readJson } from "@/lib/http/api";

type Params = { id: string };

export const GET = apiRoute<Params>(async (_request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  return getTeachingClass(user, id);
});

/** `{name?, term?, timeZone?, joinEnabled?, archived?}`; archiving is for the owner. */
export const PATCH = apiRoute<Params>(async (request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  return updateClass(user, id, await readJson(request), new Date());
});
