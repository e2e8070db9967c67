import { requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { courseOutline } from "@/lib/courses/outline";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  await requireUser();
  return courseOutline(await getCourse((await params).slug));
});
