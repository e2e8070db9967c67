import { z } from "zod";
import { stableKey } from "@/lib/content/schemas";

/**
 * A studio course's draft: the source split into anchored paragraphs, the lessons and the cards. It is
 * stored as one JSON document on the StudioCourse row and turned into the course folder format
 * (lib/studio/folder.ts) to be compiled by lib/content exactly like a built-in course. Dependency-free
 * apart from zod, so the studio's forms share these schemas with the server.
 */

export const SOURCE_LIMIT_CHARS = 100_000;

export type { ParagraphKind, StudioCard, StudioLesson, StudioParagraph } from "@/lib/contracts/studio";
import type { StudioCard, StudioLesson, StudioParagraph } from "@/lib/contracts/studio";

export interface StudioDraft {
  summary: string;
  audience: string;
  contentNote: string;
  citation: string;
  supportResources: { name: string; detail: string; href?: string }[];
  paragraphs: StudioParagraph[];
  lessons: StudioLesson[];
  cards: StudioCard[];
}

const text = (max: number) => z.string().trim().min(1, { error: "is required" }).max(max, { error: `is longer than ${max} characters` });
const optionalText = (max: number) => z.string().trim().max(max, { error: `is longer than ${max} characters` });

export const createStudioCourseSchema = z.strictObject({
  title: text(200),
  sourceTitle: text(300),
  sourceText: z
    .string()
    .max(SOURCE_LIMIT_CHARS, { error: `is longer than ${SOURCE_LIMIT_CHARS.toLocaleString("en-US")} characters` })
    .refine((value) => value.trim().length > 0, { error: "is empty: paste the text or upload a file" }),
});

export const courseDetailsSchema = z.strictObject({
  title: text(200).optional(),
  summary: text(1000).optional(),
  audience: text(500).optional(),
  contentNote: text(2000).optional(),
  citation: text(1000).optional(),
});

const lessonFields = {
  title: text(200),
  objectives: z.array(text(300)).min(1, { error: "list at least one objective" }).max(10),
  passages: z.array(stableKey).min(1, { error: "choose at least one paragraph" }).max(200),
  body: optionalText(20_000),
};
export const lessonInputSchema = z.strictObject({ ...lessonFields, body: lessonFields.body.default("") });
/** Only the fields sent change (no defaults fill in the others). */
export const lessonPatchSchema = z.strictObject(lessonFields).partial().extend({
  /** 1-based position among the lessons (reorder). */
  position: z.number().int().min(1).max(500).optional(),
});

const cardFields = {
  kind: z.enum(["basic", "cloze"]),
  lessonKey: stableKey,
  prompt: text(1000),
  answer: optionalText(1000),
  explanation: optionalText(2000),
  source: z.strictObject({ anchor: stableKey, quote: text(2000) }),
  status: z.enum(["draft", "accepted"]),
};
export const cardInputSchema = z.strictObject({
  ...cardFields,
  kind: cardFields.kind.default("basic"),
  answer: cardFields.answer.default(""),
  explanation: cardFields.explanation.default(""),
  status: cardFields.status.default("accepted"),
});
/** Only the fields sent change (no defaults fill in the others). */
export const cardPatchSchema = z.strictObject(cardFields).partial().extend({
  resetOnChange: z.boolean().optional(),
  position: z.number().int().min(1).max(5000).optional(),
});
export type CreateStudioCourseInput = z.infer<typeof createStudioCourseSchema>;
export type LessonInput = z.infer<typeof lessonInputSchema>;
export type CardInput = z.infer<typeof cardInputSchema>;
