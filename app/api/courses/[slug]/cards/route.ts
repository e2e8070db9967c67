import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { listStudentCards } from "@/lib/review/cards";

export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireUser();
  return listStudentCards(user, (await params).slug);
});
