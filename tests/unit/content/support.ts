import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { ContentError } from "@/lib/content";

export const fixturesDir = fileURLToPath(new URL("./fixtures", import.meta.url));

export function fixture(name: string): string {
  return join(fixturesDir, name);
}

/** Errors with paths relative to the course directory, so expectations do not depend on the checkout. */
export function relativeErrors(courseDir: string, errors: ContentError[]): ContentError[] {
  return errors.map((error) => ({ ...error, file: relative(courseDir, error.file) }));
}

/** Every file under `dir`, keyed by its path under `mountAt`, for editing a fixture in memory. */
export function filesOf(dir: string, mountAt = "/course"): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[join(mountAt, relative(dir, path))] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}
