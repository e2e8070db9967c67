import { requireRole } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { deleteCard, updateCard } from "@/lib/studio/courses";

/** Edit, accept (`{"status": "accepted"}`) or move a card. */
export const PATCH = apiRoute<{ slug: string; id: string }>(async (request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const { slug, id } = await params;
  return updateCard(user, slug, id, await readJson(request));
});

export const DELETE = apiRoute<{ slug: string; id: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const { slug, id } = await params;
  return deleteCard(user, slug, id);
});
