import { requireUser } from "@/lib/auth/guards";
import { listCourses } from "@/lib/courses/bundle";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async () => {
  const user = await requireUser();
  const courses = await listCourses(user);
  return { courses: courses.map(({ slug, title, summary }) => ({ slug, title, summary })) };
});
