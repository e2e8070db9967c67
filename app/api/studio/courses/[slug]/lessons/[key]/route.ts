import { requireRole } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { deleteLesson, updateLesson } from "@/lib/studio/courses";

export const PATCH = apiRoute<{ slug: string; key: string }>(async (request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const { slug, key } = await params;
  return updateLesson(user, slug, key, await readJson(request));
});

export const DELETE = apiRoute<{ slug: string; key: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const { slug, key } = await params;
  return deleteLesson(user, slug, key);
});
