import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { getStudentCard } from "@/lib/review/cards";

export const GET = apiRoute<{ slug: string; cardId: string }>(async (_request, { params }) => {
  const user = await requireUser();
  const { slug, cardId } = await params;
  return getStudentCard(user, slug, cardId, new Date());
});
