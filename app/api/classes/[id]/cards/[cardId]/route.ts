import { requireInstructorOf } from "@/lib/auth/guards";
import { getCardInsight } from "@/lib/classes/cards";
import { apiRoute } from "@/lib/http/api";

/** One card with its source passage and the class's figures for it. */
export const GET = apiRoute<{ id: string; cardId: string }>(async (_request, { params }) => {
  const { id, cardId } = await params;
  const { user } = await requireInstructorOf(id);
  return getCardInsight(user, id, cardId);
});
