import { requireRole } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { getStudioCourse, updateCourseDetails } from "@/lib/studio/courses";

/** The studio course with its source, lessons, cards, and the compiler's errors and warnings. */
export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  return getStudioCourse(user, (await params).slug);
});

/** Course details: title, summary, audience, contentNote, citation. */
export const PATCH = apiRoute<{ slug: string }>(async (request, { params }) => {
  const user = await requireRole("instructor", "admin");
  return updateCourseDetails(user, (await params).slug, await readJson(request));
});
