import { requireRole } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { addCard } from "@/lib/studio/courses";

export const POST = apiRoute<{ slug: string }>(async (request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const course = await addCard(user, (await params).slug, await readJson(request));
  return Response.json(course, { status: 201, headers: { "Cache-Control": "no-store" } });
});
