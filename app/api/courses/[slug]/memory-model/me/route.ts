import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { chooseFittedWeights, getMyMemoryModel } from "@/lib/memory-model/access";

/** Which FSRS weights schedule the signed-in student in this course, and their measured gain. */
export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireUser();
  return getMyMemoryModel(user, (await params).slug);
});

/** `{ useFittedWeights: false }` keeps the model's defaults; `true` goes back to fitted weights. */
export const PUT = apiRoute<{ slug: string }>(async (request, { params }) => {
  const user = await requireUser();
  return chooseFittedWeights(user, (await params).slug, await readJson(request));
});
