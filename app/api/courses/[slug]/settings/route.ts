import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { getStudySettings, updateStudySettings } from "@/lib/review/settings";

export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireUser();
  return getStudySettings(user, (await params).slug);
});

export const PUT = apiRoute<{ slug: string }>(async (request, { params }) => {
  const user = await requireUser();
  return updateStudySettings(user, (await params).slug, await readJson(request));
});
