import { requireRole } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { publishStudioCourse } from "@/lib/studio/courses";

/** 200 {slug, version, cardCount}, or 400 with the compiler's problems keyed `cards.<id>.<field>`. */
export const POST = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  return publishStudioCourse(user, (await params).slug, new Date());
});
