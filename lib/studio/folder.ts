import { compileCourse, memoryContentFs, type CompileResult, type ContentError } from "@/lib/content";
import { GAP_MARKER } from "@/lib/content/essay";
import type { StudioFieldProblem } from "@/lib/contracts/studio";
import type { StudioCard, StudioDraft } from "./draft";

/**
 * A studio draft written out in the course folder format of `content/courses/<slug>/` (decision note
 * 0002), so publishing, export and validation all go through lib/content's compiler, with its exact
 * quotes, anchors and quality gate; there is no second rule set. Pure.
 *
 * Every field sits on a line of its own, so the compiler's file and line locate each problem on a card
 * or lesson field for the studio to show next to it.
 */

export const STUDIO_UNIT_KEY = "course";

export interface StudioCourseMeta {
  slug: string;
  title: string;
  sourceTitle: string;
}

export type FieldProblem = StudioFieldProblem;

type Locator = Map<string, { cardId?: string; lessonKey?: string; fieldAt: (line: number) => string }>;

const CARD_FIELDS = ["id", "lessonKey", "lessonKey", "kind", "prompt", "answer", "explanation", "source.anchor", "source.anchor", "source.quote", "resetOnChange"];
const LESSON_FIELDS = ["lesson", "key", "position", "title", "objectives", "passages", "lesson"];

const scalar = (value: string | number | boolean) => JSON.stringify(value);

/** The files of the course folder, keyed by path relative to it. Only accepted cards are written. */
export function courseFolder(meta: StudioCourseMeta, draft: StudioDraft): { files: Record<string, string>; locator: Locator } {
  const files: Record<string, string> = {};
  const locator: Locator = new Map();
  files["course.yaml"] = [
    `title: ${scalar(meta.title)}`,
    `summary: ${scalar(draft.summary)}`,
    `audience: ${scalar(draft.audience)}`,
    `contentNote: ${scalar(draft.contentNote)}`,
    "supportResources:",
    ...draft.supportResources.flatMap((resource) => [
      `  - name: ${scalar(resource.name)}`,
      `    detail: ${scalar(resource.detail)}`,
      ...(resource.href ? [`    href: ${scalar(resource.href)}`] : []),
    ]),
    "source:",
    `  title: ${scalar(meta.sourceTitle)}`,
    `  citation: ${scalar(draft.citation)}`,
    "",
  ].join("\n");
  files["source/essay.txt"] = `${draft.paragraphs.map((paragraph) => paragraph.text).join("\n\n")}\n`;
  files["source/anchors.yaml"] = draft.paragraphs
    .map((paragraph, index) =>
      [
        `- anchor: ${scalar(paragraph.anchor)}`,
        `  index: ${index}`,
        `  opening: ${scalar(openingOf(paragraph.text))}`,
        ...(paragraph.kind === "prose" ? [] : ["  furniture: true"]),
      ].join("\n"),
    )
    .join("\n")
    .concat("\n");
  const unitDir = `units/01-${STUDIO_UNIT_KEY}`;
  files[`${unitDir}/unit.md`] = [
    "---",
    `key: ${STUDIO_UNIT_KEY}`,
    "order: 1",
    `title: ${scalar(meta.title)}`,
    `summary: ${scalar(draft.summary)}`,
    "---",
    "",
  ].join("\n");
  draft.lessons.forEach((lesson, index) => {
    const path = `${unitDir}/${String(index + 1).padStart(2, "0")}-${lesson.key}.md`;
    files[path] = [
      "---",
      `key: ${scalar(lesson.key)}`,
      `order: ${index + 1}`,
      `title: ${scalar(lesson.title)}`,
      `objectives: ${JSON.stringify(lesson.objectives)}`,
      `passages: ${JSON.stringify(lesson.passages)}`,
      "---",
      lesson.body,
      "",
    ].join("\n");
    locator.set(path, { lessonKey: lesson.key, fieldAt: (line) => (line >= 8 ? "body" : (LESSON_FIELDS[line - 1] ?? "lesson")) });
  });
  draft.cards
    .filter((card) => card.status === "accepted")
    .forEach((card, index) => {
      const path = `cards/${String(index + 1).padStart(4, "0")}-${card.id}.yaml`;
      files[path] = cardYaml(card);
      locator.set(path, { cardId: card.id, fieldAt: (line) => CARD_FIELDS[line - 1] ?? "card" });
    });
  return { files, locator };
}

function cardYaml(card: StudioCard): string {
  const cloze = card.kind === "cloze";
  return [
    `- id: ${scalar(card.id)}`,
    `  unit: ${STUDIO_UNIT_KEY}`,
    `  lesson: ${scalar(card.lessonKey)}`,
    `  kind: ${card.kind}`,
    cloze ? `  text: ${scalar(card.prompt)}` : `  prompt: ${scalar(card.prompt)}`,
    cloze || card.answer.trim() === "" ? "  # no answer line" : `  answer: ${scalar(card.answer)}`,
    card.explanation.trim() === "" ? "  # no explanation" : `  explanation: ${scalar(card.explanation)}`,
    "  source:",
    `    anchor: ${scalar(card.source.anchor)}`,
    `    quote: ${scalar(card.source.quote)}`,
    `  resetOnChange: ${card.resetOnChange}`,
    "",
  ].join("\n");
}

/** The paragraph's first words, as the anchors file's check expects them (after a leading gap marker). */
function openingOf(text: string): string {
  const body = text.startsWith(GAP_MARKER) ? text.slice(GAP_MARKER.length).trimStart() : text;
  return body.split(/\s+/).slice(0, 8).join(" ").replace(/\s*…show more content…$/, "") || body;
}

export type StudioCompile = {
  result: CompileResult;
  files: Record<string, string>;
  errors: FieldProblem[];
  warnings: FieldProblem[];
};

/** Compiles the draft with lib/content (the quality gate enforced) and places each problem on its field. */
export function compileDraft(meta: StudioCourseMeta, draft: StudioDraft): StudioCompile {
  const { files, locator } = courseFolder(meta, draft);
  const root = `/studio/${meta.slug}`;
  const result = compileCourse(root, memoryContentFs(Object.fromEntries(Object.entries(files).map(([path, text]) => [`${root}/${path}`, text]))));
  const place = (problem: ContentError, severity: FieldProblem["severity"]): FieldProblem => {
    const relative = problem.file.startsWith(`${root}/`) ? problem.file.slice(root.length + 1) : problem.file;
    const where = locator.get(relative);
    const base = { code: problem.code, message: problem.message, severity };
    if (where?.cardId) return { cardId: where.cardId, field: where.fieldAt(problem.line), ...base };
    if (where?.lessonKey) return { lessonKey: where.lessonKey, field: where.fieldAt(problem.line), ...base };
    if (relative.startsWith("source/")) return { field: "source", ...base };
    if (relative === "cards") return { field: "cards", ...base };
    return { field: "course", ...base };
  };
  return {
    result,
    files,
    errors: result.ok ? [] : result.errors.map((problem) => place(problem, "error")),
    warnings: result.warnings.map((problem) => place(problem, "warning")),
  };
}
