import { basename, join, relative } from "node:path";
import { z } from "zod";
import type { BundleCard, BundleLesson, BundleUnit, CardCitation, CourseBundle } from "./bundle";
import { parseCloze } from "./cloze";
import { sortContentErrors, type ContentError } from "./errors";
import { readEssay, type Essay } from "./essay";
import { splitFrontMatter } from "./front-matter";
import { nodeContentFs, type ContentFs } from "./fs";
import { hashOf } from "./hash";
import { renderMarkdown } from "./markdown";
import { checkQuality, type QualityCard, type UnitCoverage } from "./quality";
import {
  cardKindSchema,
  cardSourceSchemas,
  lessonSchema,
  manifestSchema,
  stableKey,
  unitSchema,
  type CardSource,
  type LessonFrontMatter,
  type Manifest,
  type UnitFrontMatter,
} from "./schemas";
import { parseYaml, validate, valueAt, yamlError, type YamlSource } from "./yaml-source";

export const COURSE_FILE = "course.yaml";
export const ESSAY_FILE = "source/essay.txt";
export const ANCHORS_FILE = "source/anchors.yaml";
export const UNITS_DIR = "units";
export const UNIT_FILE = "unit.md";
export const CARDS_DIR = "cards";

const WORDS_PER_MINUTE = 200;

/** Quality warnings and the coverage report come with either outcome. */
export type CompileResult = (
  | { ok: true; bundle: CourseBundle }
  | { ok: false; errors: ContentError[] }
) & { warnings: ContentError[]; coverage: UnitCoverage[] };

interface Located<T> {
  value: T;
  source: YamlSource;
}
interface LessonDraft extends Located<LessonFrontMatter> {
  body: string;
  bodyFirstLine: number;
}
interface UnitDraft extends Located<UnitFrontMatter> {
  lessons: LessonDraft[];
}
interface CardDraft extends Located<CardSource> {
  /** Where the card sits in its file, for locating its fields. */
  path: [number];
  faces: { key: string; prompt: string; answer: string }[];
  noteKey: string;
  /** A cloze note's deleted texts, for the quality gate. */
  clozeDeletions?: { number: number; text: string }[];
}
/** Unit key → lesson key → the lesson's passages (undefined when its front matter is invalid). */
type Outline = Map<string, Map<string, string[] | undefined>>;

export interface CompileOptions {
  /**
   * "enforce" (the default) makes the gate's firm rules errors. "report" turns them into warnings,
   * only to compile content written before the gate (e.g. a past release kept as a test fixture).
   */
  qualityErrors?: "enforce" | "report";
}

/** Compiles one course directory (`content/courses/<slug>`), reporting every problem it finds. */
export function compileCourse(dir: string, fs: ContentFs = nodeContentFs, options: CompileOptions = {}): CompileResult {
  const errors: ContentError[] = [];
  const reader = new CourseReader(dir, fs, errors);

  const slug = basename(dir);
  const slugCheck = stableKey.safeParse(slug);
  if (!slugCheck.success) {
    errors.push({
      file: reader.path(COURSE_FILE),
      line: 1,
      code: "invalid-field",
      message: `course directory name \`${slug}\` is its slug and ${slugCheck.error.issues[0]?.message ?? "is invalid"}`,
    });
  }
  const manifest = reader.readManifest();
  const essay = reader.readEssay();
  const { units, outline } = reader.readUnits(essay);
  const cards = reader.readCards(outline, essay);

  const quality = essay
    ? checkQuality({
        essayFile: reader.path(ESSAY_FILE),
        paragraphs: essay.paragraphs.map((paragraph) => ({ ...paragraph, line: essay.lineOfParagraph(paragraph.index) })),
        units: units.map((unit) => ({ key: unit.value.key, title: unit.value.title })),
        lessons: units.flatMap((unit) =>
          unit.lessons.map((lesson) => ({
            key: lesson.value.key,
            unitKey: unit.value.key,
            passages: lesson.value.passages,
            file: lesson.source.file,
            body: lesson.body,
            bodyFirstLine: lesson.bodyFirstLine,
            keyTerms: lesson.value.keyTerms.map((term, index) => ({
              ...term,
              line: lesson.source.lineOf(["keyTerms", index, "definition"]),
            })),
          })),
        ),
        cards: cards.map(toQualityCard),
      })
    : { errors: [], warnings: [], coverage: [] };
  const enforced = (options.qualityErrors ?? "enforce") === "enforce";
  errors.push(...(enforced ? quality.errors : []));
  const warnings = enforced ? quality.warnings : [...quality.errors, ...quality.warnings];
  const report = { warnings: sortContentErrors(warnings), coverage: quality.coverage };

  if (errors.length > 0 || !manifest || !essay) {
    return { ok: false, errors: sortContentErrors(errors), ...report };
  }
  return { ok: true, bundle: buildBundle(slug, manifest, essay, units, cards), ...report };
}

/** The passages a card cites, with where each sits in its YAML. */
function citationsOf(card: CardSource): { citation: CardCitation; path: (string | number)[] }[] {
  if (card.sources) return card.sources.map((citation, index) => ({ citation, path: ["sources", index] }));
  return card.source ? [{ citation: card.source, path: ["source"] }] : [];
}

function toQualityCard(card: CardDraft): QualityCard {
  const citations = citationsOf(card.value);
  return {
    id: card.value.id,
    noteKey: card.noteKey,
    unitKey: card.value.unit,
    faces: card.faces,
    citations: citations.map(({ citation }) => citation),
    clozeDeletions: card.clozeDeletions ?? [],
    file: card.source.file,
    lineOf: (field) => {
      if (field === "card") return card.source.lineOf([...card.path, "id"]);
      if (typeof field === "string") return card.source.lineOf([...card.path, field]);
      return card.source.lineOf([...card.path, ...(citations[field.citation]?.path ?? ["source"]), "quote"]);
    },
  };
}

export function listCourseDirs(rootDir: string, fs: ContentFs = nodeContentFs): string[] {
  return fs
    .list(rootDir)
    .filter((entry) => entry.isDirectory && !entry.name.startsWith("."))
    .map((entry) => join(rootDir, entry.name));
}

/** Compiles every course under `rootDir`; all of them must be valid for any to be returned. */
export function loadAllCourses(
  rootDir: string,
  fs: ContentFs = nodeContentFs,
): { ok: true; bundles: CourseBundle[] } | { ok: false; errors: ContentError[] } {
  const results = listCourseDirs(rootDir, fs).map((dir) => compileCourse(dir, fs));
  const errors = results.flatMap((result) => (result.ok ? [] : result.errors));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, bundles: results.flatMap((result) => (result.ok ? [result.bundle] : [])) };
}

class CourseReader {
  constructor(
    private readonly dir: string,
    private readonly fs: ContentFs,
    private readonly errors: ContentError[],
  ) {}

  path(relativePath: string): string {
    return join(this.dir, relativePath);
  }

  readManifest(): Manifest | undefined {
    const source = this.readYaml(this.path(COURSE_FILE));
    return source && this.validated(manifestSchema, source);
  }

  readEssay(): Essay | undefined {
    const essayFile = this.path(ESSAY_FILE);
    const essayText = this.readText(essayFile);
    const anchors = this.readYaml(this.path(ANCHORS_FILE));
    if (essayText === undefined || !anchors) return undefined;
    const { essay, errors } = readEssay(essayFile, essayText, anchors);
    this.errors.push(...errors);
    return essay;
  }

  readUnits(essay: Essay | undefined): { units: UnitDraft[]; outline: Outline } {
    const units: UnitDraft[] = [];
    const outline: Outline = new Map();
    const unitDirs = this.fs.list(this.path(UNITS_DIR)).filter((entry) => entry.isDirectory);
    if (unitDirs.length === 0) {
      this.report(this.path(UNITS_DIR), "file-missing", `no units: add ${UNITS_DIR}/<name>/${UNIT_FILE}`);
    }
    const unitKeys = this.uniqueness("duplicate-key", (key: string) => `unit key \`${key}\``);
    const lessonKeys = this.uniqueness("duplicate-key", (key: string) => `lesson key \`${key}\``);
    const unitOrders = this.uniqueness("duplicate-order", (order: number) => `unit order ${order}`);

    for (const unitDir of unitDirs) {
      const unitPath = this.path(join(UNITS_DIR, unitDir.name));
      const unit = this.readMarkdown(join(unitPath, UNIT_FILE), unitSchema);
      const { lessons, lessonOutline } = this.readLessons(unitPath, essay, lessonKeys);
      // Invalid units still lend their key to the outline, so their cards are not also reported as unknown.
      if (unit?.rawKey !== undefined) outline.set(unit.rawKey, lessonOutline);
      if (!unit?.located) continue;
      const { value, source } = unit.located;
      const keyIsNew = unitKeys.claim(value.key, source, ["key"]);
      const orderIsNew = unitOrders.claim(value.order, source, ["order"]);
      if (keyIsNew && orderIsNew) units.push({ ...unit.located, lessons });
    }
    return { units, outline };
  }

  private readLessons(
    unitPath: string,
    essay: Essay | undefined,
    lessonKeys: Uniqueness<string>,
  ): { lessons: LessonDraft[]; lessonOutline: Map<string, string[] | undefined> } {
    const lessonFiles = this.fs
      .list(unitPath)
      .filter((entry) => !entry.isDirectory && entry.name.endsWith(".md") && entry.name !== UNIT_FILE);
    if (lessonFiles.length === 0) {
      const message = "unit has no lessons: add a lesson .md file beside it";
      this.report(join(unitPath, UNIT_FILE), "unit-without-lessons", message);
    }
    const lessonOrders = this.uniqueness("duplicate-order", (order: number) => `lesson order ${order} in this unit`);
    const lessons: LessonDraft[] = [];
    const lessonOutline = new Map<string, string[] | undefined>();
    for (const lessonFile of lessonFiles) {
      const lesson = this.readMarkdown(join(unitPath, lessonFile.name), lessonSchema);
      if (lesson?.rawKey !== undefined) lessonOutline.set(lesson.rawKey, lesson.located?.value.passages);
      if (!lesson?.located) continue;
      const { value, source } = lesson.located;
      const keyIsNew = lessonKeys.claim(value.key, source, ["key"]);
      const orderIsNew = lessonOrders.claim(value.order, source, ["order"]);
      value.passages.forEach((anchor, index) => {
        if (essay && !essay.declaredAnchors.has(anchor)) {
          this.errors.push(
            yamlError(source, ["passages", index], "unknown-anchor", `unknown essay anchor \`${anchor}\``),
          );
        }
      });
      if (keyIsNew && orderIsNew) lessons.push({ ...lesson.located, body: lesson.body, bodyFirstLine: lesson.bodyFirstLine });
    }
    return { lessons, lessonOutline };
  }

  readCards(outline: Outline, essay: Essay | undefined): CardDraft[] {
    const cards: CardDraft[] = [];
    const cardFiles = this.fs
      .list(this.path(CARDS_DIR))
      .filter((entry) => !entry.isDirectory && /\.ya?ml$/.test(entry.name));
    if (cardFiles.length === 0) {
      this.report(this.path(CARDS_DIR), "file-missing", `no cards: add a ${CARDS_DIR}/<unit>.yaml file`);
    }
    const ids = this.uniqueness("duplicate-id", (id: string) => `card id \`${id}\``);
    for (const cardFile of cardFiles) {
      const source = this.readYaml(this.path(join(CARDS_DIR, cardFile.name)));
      const items = source && this.validated(z.array(z.unknown()), source);
      if (!source || !items) continue;
      items.forEach((item, index) => {
        const card = this.readCard(source, item, index);
        if (!card) return;
        const idIsNew = ids.claim(card.value.id, source, [index, "id"]);
        const referencesHold = this.crossCheck(card, outline, essay);
        if (idIsNew && referencesHold) cards.push(card);
      });
    }
    return cards;
  }

  private readCard(source: YamlSource, item: unknown, index: number): CardDraft | undefined {
    const path: [number] = [index];
    const kind = this.validated(cardKindSchema, source, path, item);
    if (!kind) return undefined;
    const hasSource = valueAt(item, ["source"]) !== undefined;
    const hasSources = valueAt(item, ["sources"]) !== undefined;
    if (!hasSource && !hasSources) {
      // Checked apart from the schema so an uncited card gets its own error code.
      const message = "card has no `source`: every card must cite an essay anchor and quote";
      this.errors.push(yamlError(source, path, "missing-source", message));
      const withSource: z.ZodObject = cardSourceSchemas[kind.kind];
      const uncited: z.ZodType<unknown> = withSource.omit({ source: true });
      this.validated(uncited, source, path, item);
      return undefined;
    }
    if (hasSource && hasSources) {
      const message = "card has both `source` and `sources`: use `source` for one passage, `sources` for several";
      this.errors.push(yamlError(source, [index, "sources"], "invalid-field", message));
      return undefined;
    }
    const card = this.validated<CardSource>(cardSourceSchemas[kind.kind], source, path, item);
    if (!card) return undefined;
    return this.facesOf(card, source, path, index);
  }

  /** The faces a card source makes; a card kind without a case here does not compile (`exhaustive`). */
  private facesOf(card: CardSource, source: YamlSource, path: [number], index: number): CardDraft | undefined {
    switch (card.kind) {
      case "basic": {
        const faces = [{ key: card.id, prompt: card.prompt, answer: card.answer }];
        return { value: card, source, path, faces, noteKey: card.note ?? card.id };
      }
      case "cloze": {
        const cloze = parseCloze(card.text);
        for (const problem of cloze.problems)
          this.errors.push(yamlError(source, [index, "text"], problem.code, problem.message));
        if (cloze.problems.length > 0) return undefined;
        const faces = cloze.cards.map((face) => ({
          key: `${card.id}#c${face.number}`,
          prompt: face.prompt,
          answer: face.answer,
        }));
        return { value: card, source, path, faces, noteKey: card.id, clozeDeletions: cloze.deletions };
      }
      default:
        return exhaustive(card);
    }
  }

  /** Checks a card's references to units, lessons and the essay; true when they all hold. */
  private crossCheck(card: CardDraft, outline: Outline, essay: Essay | undefined): boolean {
    const { value, source, path } = card;
    const at = (...fields: (string | number)[]) => [...path, ...fields];
    const fail = (fields: (string | number)[], code: ContentError["code"], message: string) => {
      this.errors.push(yamlError(source, at(...fields), code, message));
      return false;
    };
    const lessons = outline.get(value.unit);
    if (!lessons) return fail(["unit"], "unknown-unit", `unknown unit \`${value.unit}\``);
    if (!lessons.has(value.lesson)) {
      return fail(["lesson"], "unknown-lesson", `unit \`${value.unit}\` has no lesson \`${value.lesson}\``);
    }
    if (!essay) return true;
    const passages = lessons.get(value.lesson);
    return citationsOf(value)
      .map(({ citation: { anchor, quote }, path: field }) => {
        if (!essay.declaredAnchors.has(anchor)) {
          return fail([...field, "anchor"], "unknown-anchor", `unknown essay anchor \`${anchor}\``);
        }
        if (passages && !passages.includes(anchor)) {
          return fail(
            [...field, "anchor"],
            "anchor-not-in-lesson",
            `anchor \`${anchor}\` is not among the passages of lesson \`${value.lesson}\``,
          );
        }
        const problem = essay.checkQuote(anchor, quote);
        return problem ? fail([...field, "quote"], problem.code, problem.message) : true;
      })
      .every(Boolean);
  }

  private readMarkdown<T extends { key: string }>(
    file: string,
    schema: z.ZodType<T>,
  ): { rawKey?: string; located?: Located<T>; body: string; bodyFirstLine: number } | undefined {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    const split = splitFrontMatter(file, text);
    if ("code" in split) {
      this.errors.push(split);
      return undefined;
    }
    const parsed = parseYaml(file, split.yaml, split.yamlFirstLine);
    if (Array.isArray(parsed)) {
      this.errors.push(...parsed);
      return undefined;
    }
    const rawKey = valueAt(parsed.value, ["key"]);
    const value = this.validated(schema, parsed);
    return {
      rawKey: typeof rawKey === "string" ? rawKey : undefined,
      located: value && { value, source: parsed },
      body: split.body,
      bodyFirstLine: split.bodyFirstLine,
    };
  }

  private readYaml(file: string): YamlSource | undefined {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    const parsed = parseYaml(file, text);
    if (!Array.isArray(parsed)) return parsed;
    this.errors.push(...parsed);
    return undefined;
  }

  private readText(file: string): string | undefined {
    const text = this.fs.readText(file);
    if (text === undefined) this.report(file, "file-missing", "file is missing");
    return text;
  }

  private validated<T>(schema: z.ZodType<T>, source: YamlSource, path: (string | number)[] = [], value?: unknown) {
    const result = validate(schema, source, path, value ?? valueAt(source.value, path));
    if (result.ok) return result.value;
    this.errors.push(...result.errors);
    return undefined;
  }

  private uniqueness<T extends string | number>(code: ContentError["code"], describe: (value: T) => string) {
    return new Uniqueness<T>(this.errors, code, describe, (file) => relative(this.dir, file));
  }

  private report(file: string, code: ContentError["code"], message: string): void {
    this.errors.push({ file, line: 1, code, message });
  }
}

/** Remembers the first place each value was used and reports later uses of it. */
class Uniqueness<T extends string | number> {
  private readonly first = new Map<T, string>();

  constructor(
    private readonly errors: ContentError[],
    private readonly code: ContentError["code"],
    private readonly describe: (value: T) => string,
    private readonly displayPath: (file: string) => string,
  ) {}

  claim(value: T, source: YamlSource, path: (string | number)[]): boolean {
    const line = source.lineOf(path);
    const earlier = this.first.get(value);
    if (earlier !== undefined) {
      this.errors.push({
        file: source.file,
        line,
        code: this.code,
        message: `${this.describe(value)} is already used at ${earlier}`,
      });
      return false;
    }
    this.first.set(value, `${this.displayPath(source.file)}:${line}`);
    return true;
  }
}

function buildBundle(
  slug: string,
  manifest: Manifest,
  essay: Essay,
  units: UnitDraft[],
  cards: CardDraft[],
): CourseBundle {
  const byOrder = <T extends { value: { order: number } }>(items: T[]) =>
    [...items].sort((a, b) => a.value.order - b.value.order);
  const orderedUnits = byOrder(units).map((unit) => ({ ...unit, lessons: byOrder(unit.lessons) }));

  const bundleUnits: BundleUnit[] = orderedUnits.map((unit, unitIndex) => ({
    key: unit.value.key,
    position: unitIndex + 1,
    title: unit.value.title,
    summary: unit.value.summary,
    lessons: unit.lessons.map((lesson, lessonIndex) => toBundleLesson(lesson, lessonIndex + 1)),
  }));

  const bundleCards: BundleCard[] = orderedUnits
    .flatMap((unit) =>
      unit.lessons.flatMap((lesson) =>
        cards.filter((card) => card.value.unit === unit.value.key && card.value.lesson === lesson.value.key),
      ),
    )
    .flatMap(({ value: card, faces, noteKey }) =>
      faces.map((face) => {
        const sources = citationsOf(card).map(({ citation }) => ({ anchor: citation.anchor, quote: citation.quote }));
        const wording = {
          prompt: face.prompt,
          answer: face.answer,
          explanation: card.explanation ?? null,
          source: sources[0]!,
          // Only a card citing several passages hashes the list, so single-source hashes stay as they were.
          ...(sources.length > 1 ? { sources } : {}),
        };
        return {
          key: face.key,
          unitKey: card.unit,
          lessonKey: card.lesson,
          position: 0,
          kind: card.kind,
          ...wording,
          sources,
          noteKey,
          tags: card.tags,
          contentHash: hashOf(wording),
          resetOnChange: card.resetOnChange,
        };
      }),
    )
    .map((card, index) => ({ ...card, position: index + 1 }));

  const content: Omit<CourseBundle, "contentHash"> = {
    slug,
    title: manifest.title,
    summary: manifest.summary,
    audience: manifest.audience,
    contentNote: manifest.contentNote,
    supportResources: manifest.supportResources,
    source: {
      title: manifest.source.title,
      citation: manifest.source.citation,
      about: manifest.source.about ?? null,
      paragraphs: essay.paragraphs,
    },
    units: bundleUnits,
    cards: bundleCards,
  };
  return { ...content, contentHash: hashOf(content) };
}

function toBundleLesson({ value, body }: LessonDraft, position: number): BundleLesson {
  const words = [body, ...value.objectives, ...value.keyTerms.flatMap((term) => [term.term, term.definition])]
    .join(" ")
    .split(/\s+/)
    .filter(Boolean).length;
  return {
    key: value.key,
    position,
    title: value.title,
    objectives: value.objectives,
    keyTerms: value.keyTerms,
    passages: value.passages,
    bodyMarkdown: body,
    bodyHtml: renderMarkdown(body),
    beyondTheEssay: value.beyondTheEssay ?? null,
    estimatedMinutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)),
  };
}

function exhaustive(card: never): never {
  throw new Error(`Unknown card kind: ${JSON.stringify(card)}`);
}
