import { requireRole } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { getJobsOverview } from "@/lib/jobs/status";

export const GET = apiRoute(async () => getJobsOverview(await requireRole("admin")));
