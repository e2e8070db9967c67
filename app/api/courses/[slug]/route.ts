import { requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { courseOutline } from "@/lib/courses/outline";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireUser();
  return courseOutline(await getCourse(user, (await params).slug));
});
