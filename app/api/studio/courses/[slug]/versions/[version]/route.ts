import { requireRole } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { compareVersion } from "@/lib/studio/courses";

/** What this version changed against the previous one (files of the course folder, and cards). */
export const GET = apiRoute<{ slug: string; version: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const { slug, version } = await params;
  return compareVersion(user, slug, /^\d{1,9}$/.test(version) ? Number(version) : -1);
});
