import { requireRole } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { AppError, ValidationError } from "@/lib/errors";
import { createStudioCourse, listStudioCourses } from "@/lib/studio/courses";
import { MAX_UPLOAD_BYTES, textOfUpload } from "@/lib/studio/upload";

/** Instructors and admins: their studio courses. */
export const GET = apiRoute(async () => {
  const user = await requireRole("instructor", "admin");
  return { courses: await listStudioCourses(user) };
});

/**
 * A new studio course from `{title, sourceTitle, sourceText}` (JSON), or from a form upload with
 * `title`, `sourceTitle` and `file` (.txt, .md, .docx). Answers 201 with the draft course.
 */
export const POST = apiRoute(async (request) => {
  const user = await requireRole("instructor", "admin");
  const type = request.headers.get("content-type") ?? "";
  let created;
  if (/^multipart\/form-data\b/i.test(type)) {
    if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
      throw new AppError(`The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, 413, "payload_too_large");
    }
    const form = await request.formData().catch(() => {
      throw new ValidationError({ _: ["is not a readable form upload"] });
    });
    const file = form.get("file");
    if (!(file instanceof File)) throw new ValidationError({ file: ["is required"] });
    const upload = await textOfUpload(file.name, new Uint8Array(await file.arrayBuffer()));
    created = await createStudioCourse(
      user,
      { title: form.get("title") ?? "", sourceTitle: form.get("sourceTitle") ?? "", sourceText: upload.text },
      { markdown: upload.markdown },
    );
  } else {
    created = await createStudioCourse(user, await readJson(request));
  }
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
