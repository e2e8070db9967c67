import { requireRole } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { addCoAuthor } from "@/lib/studio/courses";

/** The owner adds a co-author by email (an instructor account). */
export const POST = apiRoute<{ slug: string }>(async (request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const author = await addCoAuthor(user, (await params).slug, await readJson(request));
  return Response.json(author, { status: 201, headers: { "Cache-Control": "no-store" } });
});
