import { requireRole } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { getCourseMemoryModel, requestCourseFit } from "@/lib/memory-model/access";

/** The course's fitted memory model and its run history (instructors of the course, admins). */
export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  return getCourseMemoryModel(user, (await params).slug);
});

/** Queues a refit now; `queued: false` when one is already waiting. */
export const POST = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  return requestCourseFit(user, (await params).slug);
});
