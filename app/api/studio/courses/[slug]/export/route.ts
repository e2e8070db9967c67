import { requireRole } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/api";
import { exportStudioCourse } from "@/lib/studio/courses";

/** The course as a zip of its `content/courses/<slug>/` folder (accepted cards only). */
export const GET = apiRoute<{ slug: string }>(async (_request, { params }) => {
  const user = await requireRole("instructor", "admin");
  const { fileName, bytes } = await exportStudioCourse(user, (await params).slug);
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});
