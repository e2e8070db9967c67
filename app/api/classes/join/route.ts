import { requireUser } from "@/lib/auth/guards";
import { joinClass } from "@/lib/classes/classes";
import { apiRoute, readJson } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";

/** A student joins with `{code}`; throttled per user and per IP (429 with Retry-After). */
export const POST = apiRoute(async (request) => {
  const user = await requireUser();
  return joinClass(user, await readJson(request), clientIp(request.headers), new Date());
});
