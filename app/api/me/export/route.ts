import { requireUser } from "@/lib/auth/guards";
import { exportUserData } from "@/lib/accounts/users";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async () => {
  const data = await exportUserData(await requireUser());
  const day = data.exportedAt.slice(0, 10);
  return Response.json(data, {
    headers: {
      "Cache-Control": "no-store",
      "Content-Disposition": `attachment; filename="retain-my-data-${day}.json"`,
    },
  });
});
