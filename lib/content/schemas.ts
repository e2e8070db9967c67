import { z } from "zod";
import { CARD_KINDS, type CardKind } from "@/lib/contracts";

/** Text that is not blank once trimmed; leading and trailing whitespace is dropped. */
export const nonBlank = z.string().trim().min(1);

const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const keyRule = { error: "must be lowercase letters and digits joined by single hyphens, e.g. `legal-definitions`" };

/** Unit keys, lesson keys and card ids: stable forever, because student progress is keyed by them. */
export const stableKey = z.string().regex(KEY, keyRule);
export const anchorName = stableKey;

const order = z.number().int().min(1);

const supportHref = z.string().regex(/^(?:https:\/\/\S+|tel:\+?\d+|sms:\+?\d+|mailto:\S+@\S+)$/, {
  error: "must be an https:, tel:, sms: or mailto: link",
});

export const manifestSchema = z.strictObject({
  title: nonBlank,
  summary: nonBlank,
  audience: nonBlank,
  contentNote: nonBlank,
  supportResources: z.array(z.strictObject({ name: nonBlank, detail: nonBlank, href: supportHref.optional() })).min(1),
  /** `about`: what kind of source it is and how far to trust it ("About this source"). */
  source: z.strictObject({ title: nonBlank, citation: nonBlank, about: nonBlank.optional() }),
});

export const unitSchema = z.strictObject({
  key: stableKey,
  order,
  title: nonBlank,
  summary: nonBlank,
});

export const lessonSchema = z.strictObject({
  key: stableKey,
  order,
  title: nonBlank,
  objectives: z.array(nonBlank).min(1),
  keyTerms: z.array(z.strictObject({ term: nonBlank, definition: nonBlank })).default([]),
  passages: z.array(anchorName).min(1),
  /** Context from outside the source, shown in a labelled box with its own citation; cards never use it. */
  beyondTheEssay: z.strictObject({ title: nonBlank.default("Beyond the essay"), text: nonBlank, citation: nonBlank }).optional(),
});

export const citationSchema = z.strictObject({ anchor: anchorName, quote: nonBlank });

const cardFields = {
  id: stableKey,
  unit: stableKey,
  lesson: stableKey,
  explanation: nonBlank.optional(),
  /** One cited passage; a card that connects passages lists them in `sources` instead. */
  source: citationSchema.optional(),
  sources: z.array(citationSchema).min(2, { error: "list two or more passages, or use `source` for one" }).optional(),
  /** Groups basic cards made from one note, so the queue keeps them apart like cloze siblings. */
  note: stableKey.optional(),
  tags: z.array(nonBlank).default([]),
  /** The author declares the card now asks something different, so old progress no longer applies. */
  resetOnChange: z.boolean().default(false),
};

export const basicCardSchema = z.strictObject({
  ...cardFields,
  kind: z.literal("basic"),
  prompt: nonBlank,
  answer: nonBlank,
});
/** A cloze note is its own note: its deletions are siblings by construction. */
export const clozeCardSchema = z.strictObject({ ...cardFields, kind: z.literal("cloze"), text: nonBlank }).omit({ note: true });
export const cardKindSchema = z.object({ kind: z.enum(CARD_KINDS) });
/** The source schema of each card kind: a new kind in CARD_KINDS does not compile until it has one. */
export const cardSourceSchemas = { basic: basicCardSchema, cloze: clozeCardSchema } as const satisfies Record<
  CardKind,
  z.ZodObject
>;

export type Manifest = z.infer<typeof manifestSchema>;
export type UnitFrontMatter = z.infer<typeof unitSchema>;
export type LessonFrontMatter = z.infer<typeof lessonSchema>;
export type BasicCardSource = z.infer<typeof basicCardSchema>;
export type ClozeCardSource = z.infer<typeof clozeCardSchema>;
export type CardSource = BasicCardSource | ClozeCardSource;
