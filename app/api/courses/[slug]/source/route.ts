import { z } from "zod";
import { requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { apiRoute } from "@/lib/http/api";
import { parseInput } from "@/lib/validation";

const sourceQuerySchema = z.strictObject({
  /** Comma-separated paragraph anchors; without it, every paragraph. */
  anchors: z.string().max(4000).optional(),
});

/** The course's source text by paragraph: what the review page's source sheet shows for a card it has no passage for yet. */
export const GET = apiRoute<{ slug: string }>(async (request, { params }) => {
  const user = await requireUser();
  const { anchors } = parseInput(sourceQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const course = await getCourse(user, (await params).slug);
  const wanted = anchors ? new Set(anchors.split(",").filter(Boolean)) : null;
  return {
    title: course.bundle.source.title,
    paragraphs: course.bundle.source.paragraphs
      .filter((paragraph) => !wanted || wanted.has(paragraph.anchor))
      .map((paragraph) => ({ anchor: paragraph.anchor, text: paragraph.text })),
  };
});
