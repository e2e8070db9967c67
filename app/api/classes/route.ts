import { requireRole, requireUser } from "@/lib/auth/guards";
import { createClass, listStudentClasses, listTeachingClasses } from "@/lib/classes/classes";
import { apiRoute, readJson } from "@/lib/http/api";

/** Instructors and admins: the classes they teach. Students: the classes they are in. */
export const GET = apiRoute(async () => {
  const user = await requireUser();
  if (user.role === "student") return { classes: await listStudentClasses(user) };
  return { classes: await listTeachingClasses(user) };
});

export const POST = apiRoute(async (request) => {
  const user = await requireRole("instructor", "admin");
  const created = await createClass(user, await readJson(request));
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
