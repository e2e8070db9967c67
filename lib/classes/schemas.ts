/**
 * The one schema per classes input, shared by the JSON API and the instructor forms. Messages read
 * after the field's name ("name is required").
 */
import { z } from "zod";
import { courseSlugSchema } from "@/lib/review/schemas";
import { isValidTimeZone } from "@/lib/srs";
import { parseLocalDateTime } from "./time";

export const CLASS_NAME_MAX = 100;
export const TERM_MAX = 60;
export const TITLE_MAX = 120;
export const MAX_LESSONS_PER_ASSIGNMENT = 200;
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const text = (max: number) =>
  z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), "must not contain control characters");

export const classTimeZoneSchema = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(64)
  .refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin");

export const classIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "is not a class id");

export const createClassSchema = z.strictObject({
  name: text(CLASS_NAME_MAX),
  term: text(TERM_MAX),
  courseSlug: courseSlugSchema,
  timeZone: classTimeZoneSchema.default("UTC"),
});
export type CreateClassInput = z.output<typeof createClassSchema>;

/** A calendar day (`2026-05-14`), read in the class's zone. */
export const examDateSchema = z
  .string("must be a date like 2026-05-14 or null")
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-05-14")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "must be a real calendar date")
  .refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`);

export const updateClassSchema = z
  .strictObject({
    name: text(CLASS_NAME_MAX).optional(),
    term: text(TERM_MAX).optional(),
    timeZone: classTimeZoneSchema.optional(),
    /** `null` (or an empty form field) clears it. */
    examDate: z.union([z.literal("").transform(() => null), z.null(), examDateSchema]).optional(),
    joinEnabled: z.boolean("must be true or false").optional(),
    archived: z.boolean("must be true or false").optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), { message: "must change at least one field" });
export type UpdateClassInput = z.output<typeof updateClassSchema>;

export const joinClassSchema = z.strictObject({
  code: z.string({ error: "is required" }).min(1, "is required").max(64, "is not a join code"),
});

export const inviteInstructorSchema = z.strictObject({
  email: z
    .string({ error: "is required" })
    .trim()
    .toLowerCase()
    .min(1, "is required")
    .max(254)
    .pipe(z.email({ error: "must be a valid email address" })),
});

/** A wall-clock time in the class's zone (`2026-03-09T23:59`) or an instant with an offset (`…Z`, `…+01:00`). */
export const dateTimeInputSchema = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(40)
  .refine(
    (value) => parseLocalDateTime(value) !== null || z.iso.datetime({ offset: true }).safeParse(value).success,
    "must be a date and time like 2026-03-09T23:59",
  )
  // Postgres has no year 0 (error 22008) and no class needs a date before the epoch or past 9999.
  .refine((value) => {
    const year = Number(/^(\d{4})-/.exec(value)?.[1] ?? NaN);
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`);

const keySchema = z.string().min(1).max(200);

export const createAssignmentSchema = z
  .strictObject({
    title: text(TITLE_MAX).optional(),
    lessonKeys: z
      .array(keySchema)
      .min(1, "must name at least one lesson")
      .max(MAX_LESSONS_PER_ASSIGNMENT, `must name at most ${MAX_LESSONS_PER_ASSIGNMENT} lessons`)
      .optional(),
    unitKey: keySchema.optional(),
    opensAt: dateTimeInputSchema.optional(),
    dueAt: dateTimeInputSchema,
    goal: z.enum(["learn", "recall"], { error: "must be learn or recall" }).default("learn"),
  })
  .superRefine((input, context) => {
    if ((input.lessonKeys === undefined) === (input.unitKey === undefined)) {
      context.addIssue({ code: "custom", path: ["lessonKeys"], message: "choose lessons or a whole unit (exactly one)" });
    }
  });
export type CreateAssignmentInput = z.output<typeof createAssignmentSchema>;

export const updateAssignmentSchema = z
  .strictObject({
    title: text(TITLE_MAX).optional(),
    opensAt: dateTimeInputSchema.optional(),
    dueAt: dateTimeInputSchema.optional(),
    goal: z.enum(["learn", "recall"], { error: "must be learn or recall" }).optional(),
    archived: z.boolean("must be true or false").optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), { message: "must change at least one field" });
export type UpdateAssignmentInput = z.output<typeof updateAssignmentSchema>;
