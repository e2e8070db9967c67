import { requireInstructorOf } from "@/lib/auth/guards";
import { getGradebook } from "@/lib/classes/gradebook";
import { apiRoute } from "@/lib/http/api";

/** RFC 4180 CSV (UTF-8 with BOM) as a download. */
export const GET = apiRoute<{ id: string }>(async (_request, { params }) => {
  const { id } = await params;
  const { user } = await requireInstructorOf(id);
  const { filename, csv } = await getGradebook(user, id, new Date());
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
