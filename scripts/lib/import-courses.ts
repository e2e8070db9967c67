import path from "node:path";
import { formatContentError, loadAllCourses } from "@/lib/content";
import { importCourse, type ImportReport } from "@/lib/courses/import";

export const COURSES_DIR = path.resolve("content/courses");

/**
 * Compiles every course under content/courses and imports those that changed. Any error in any
 * source imports nothing at all.
 */
export async function importAllCourses(now: Date, coursesDir = COURSES_DIR): Promise<{ ok: true; reports: ImportReport[] } | { ok: false; errors: string[] }> {
  const compiled = loadAllCourses(coursesDir);
  if (!compiled.ok) return { ok: false, errors: compiled.errors.map(formatContentError) };
  const reports: ImportReport[] = [];
  for (const bundle of compiled.bundles) reports.push(await importCourse(bundle, now));
  return { ok: true, reports };
}

export function describeImport(report: ImportReport): string {
  if (report.status === "unchanged") return `${report.slug}: unchanged`;
  const { cards } = report;
  return (
    `${report.slug}: ${report.status}; cards +${cards.added} reworded ${cards.reworded} reset ${cards.reset} ` +
    `archived ${cards.archived} restored ${cards.restored} unchanged ${cards.unchanged}` +
    (report.studentStatesReset ? `; ${report.studentStatesReset} student states reset` : "")
  );
}
