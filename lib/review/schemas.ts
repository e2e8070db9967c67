import { z } from "zod";

/** Clients generate one per answer (a UUID is ideal) and resend it on every retry. */
export const idempotencyKeySchema = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_\-:.]+$/, "may contain only letters, digits and - _ : .");

export const courseSlugSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a course slug like my-course");

export const answerInputSchema = z.strictObject({
  cardId: z.string().min(1).max(64),
  rating: z.int("must be a whole number from 1 (Again) to 4 (Easy)").min(1, "must be 1 to 4").max(4, "must be 1 to 4"),
  idempotencyKey: idempotencyKeySchema,
  /** The state version the client was shown; a stale one gets 409 with the current state. */
  version: z.int().min(0).optional(),
  /** When the answer was given; only for answers made offline (see REVIEWED_AT_RULES). */
  reviewedAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).optional(),
  durationMs: z.int().min(0).max(3_600_000, "must be at most one hour").optional(),
});
export type AnswerInput = z.infer<typeof answerInputSchema>;

export const syncInputSchema = z.strictObject({
  reviews: z
    .array(answerInputSchema.required({ reviewedAt: true }))
    .min(1, "must hold at least one answer")
    .max(500, "must hold at most 500 answers; send the rest in another batch"),
});
export type SyncInput = z.infer<typeof syncInputSchema>;

export const undoInputSchema = z.strictObject({ course: courseSlugSchema });

export const cardActionInputSchema = z.strictObject({
  cardId: z.string().min(1).max(64),
  action: z.enum(["suspend", "unsuspend", "reset"]),
  idempotencyKey: idempotencyKeySchema.optional(),
});

export const queueQuerySchema = z.strictObject({
  course: courseSlugSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const EXTRA_STUDY = ["ahead", "new", "exam"] as const;
export type ExtraStudy = (typeof EXTRA_STUDY)[number];

/** Extra study: `ahead` (cards not due yet), `new` (new cards beyond today's limit) or `exam` (cards predicted below target on the next exam day), for a lesson or the course. */
export const extraQueueQuerySchema = z.strictObject({
  course: courseSlugSchema,
  extra: z.enum(EXTRA_STUDY),
  lesson: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(10),
});
