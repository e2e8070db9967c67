import { strToU8, zipSync } from "fflate";
import type { StudioDraft } from "./draft";
import { courseFolder, type StudioCourseMeta } from "./folder";

/**
 * The course as a zip of the `content/courses/<slug>/` folder (decision note 0002): the same files
 * publishing compiles, so a git-based author can drop the folder into `content/courses/` and check it
 * with `npm run content:check`. Only accepted cards are in it, as in a publish. Pure.
 */
export function courseZip(meta: StudioCourseMeta, draft: StudioDraft): Uint8Array {
  const { files } = courseFolder(meta, draft);
  // A fixed timestamp keeps the archive byte-for-byte the same for the same course.
  const mtime = new Date("2026-01-01T00:00:00Z");
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [`${meta.slug}/${path}`, [strToU8(text), { mtime }]])));
}
