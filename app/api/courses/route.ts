import { requireUser } from "@/lib/auth/guards";
import { listCourses } from "@/lib/courses/bundle";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async () => {
  await requireUser();
  const courses = await listCourses();
  return { courses: courses.map(({ slug, title, summary }) => ({ slug, title, summary })) };
});
