import { requireRole } from "@/lib/auth/guards";
import { listUsers } from "@/lib/accounts/users";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async (request) => {
  const admin = await requireRole("admin");
  const search = new URL(request.url).searchParams;
  return listUsers(admin, { query: search.get("q") ?? undefined, page: search.get("page") ?? undefined });
});
