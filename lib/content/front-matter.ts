import type { ContentError } from "./errors";

export interface FrontMatterFile {
  /** The YAML between the `---` lines. */
  yaml: string;
  /** File line on which the YAML starts. */
  yamlFirstLine: number;
  body: string;
  /** File line on which the (trimmed) body starts. */
  bodyFirstLine: number;
}

const FENCE = /^---[ \t]*$/;

/** Splits a Markdown file that must open with a `---` fenced YAML block. */
export function splitFrontMatter(file: string, text: string): FrontMatterFile | ContentError {
  const lines = text.split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? "")) {
    return {
      file,
      line: 1,
      code: "front-matter-missing",
      message: "file must start with YAML front matter between `---` lines",
    };
  }
  const closing = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (closing === -1) {
    return { file, line: 1, code: "front-matter-unclosed", message: "front matter opened with `---` is never closed" };
  }
  const firstBodyIndex = lines.findIndex((line, index) => index > closing && line.trim() !== "");
  return {
    yaml: lines.slice(1, closing).join("\n"),
    yamlFirstLine: 2,
    bodyFirstLine: firstBodyIndex === -1 ? closing + 2 : firstBodyIndex + 1,
    body: lines
      .slice(closing + 1)
      .join("\n")
      .trim(),
  };
}
