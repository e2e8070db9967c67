/**
 * Validates every course under content/courses (or the directory given) and prints a summary with
 * a per-unit coverage report. Usage: npx tsx scripts/content-check.ts [courses-dir | course-dir]
 * Prints each error as `file:line: message` and each quality warning as
 * `file:line: warning [code] message`. Exits 1 when any course has errors (warnings alone do not fail).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  compileCourse,
  formatContentError,
  formatContentWarning,
  listCourseDirs,
  type CourseBundle,
  type UnitCoverage,
} from "@/lib/content";

const target = process.argv[2] ?? "content/courses";
const courseDirs = existsSync(join(target, "course.yaml")) ? [target] : listCourseDirs(target);

if (courseDirs.length === 0) {
  console.error(`No courses found under ${target}`);
  process.exit(1);
}

let errorCount = 0;
for (const dir of courseDirs) {
  const result = compileCourse(dir);
  if (result.ok) {
    console.log(summarize(result.bundle));
  } else {
    errorCount += result.errors.length;
    console.error(`${dir}: ${result.errors.length} error(s)`);
    for (const error of result.errors) console.error(formatContentError(error));
  }
  if (result.coverage.length > 0) console.log(coverageReport(result.coverage));
  console.log(`  ${plural(result.warnings.length, "quality warning")}`);
  for (const warning of result.warnings) console.warn(formatContentWarning(warning));
}
if (errorCount > 0) process.exit(1);

function coverageReport(units: UnitCoverage[]): string {
  const lines = ["  coverage (card faces per cited paragraph; sentences with at least one card)"];
  for (const unit of units) {
    lines.push(`    ${unit.unitKey}: ${plural(unit.cards, "card")}`);
    for (const paragraph of unit.paragraphs) {
      lines.push(
        `      ${paragraph.anchor}: ${plural(paragraph.cards, "card")}, ${paragraph.sentencesCited} of ${plural(paragraph.sentences, "sentence")} cited, at most ${paragraph.mostOnOneSentence} on one sentence`,
      );
    }
  }
  return lines.join("\n");
}

function summarize(bundle: CourseBundle): string {
  const lessonCount = bundle.units.reduce((sum, unit) => sum + unit.lessons.length, 0);
  const lines = [
    `${bundle.slug}: ${bundle.title}`,
    `  ${plural(bundle.units.length, "unit")}, ${plural(lessonCount, "lesson")}, ${plural(bundle.cards.length, "card")} (${countKinds(bundle.cards)})`,
  ];
  for (const unit of bundle.units) {
    const cards = bundle.cards.filter((card) => card.unitKey === unit.key);
    const counts = `${plural(unit.lessons.length, "lesson")}, ${plural(cards.length, "card")} (${countKinds(cards)})`;
    lines.push(`  ${unit.position}. ${unit.key}: ${counts}`);
    for (const lesson of unit.lessons) {
      const lessonCards = cards.filter((card) => card.lessonKey === lesson.key).length;
      lines.push(
        `     ${unit.position}.${lesson.position} ${lesson.key}: ${plural(lessonCards, "card")}, ~${lesson.estimatedMinutes} min`,
      );
    }
  }
  lines.push(`  content hash ${bundle.contentHash}`);
  return lines.join("\n");
}

function countKinds(cards: CourseBundle["cards"]): string {
  const basic = cards.filter((card) => card.kind === "basic").length;
  return `basic ${basic}, cloze ${cards.length - basic}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
