import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async () => {
  const { id, email, name, role } = await requireUser();
  return { id, email, name, role };
});
