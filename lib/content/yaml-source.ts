import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import type { ContentError, ContentErrorCode } from "./errors";

export type YamlPath = readonly (string | number)[];

/** A parsed YAML text that can say on which line of its file any value sits. */
export interface YamlSource {
  file: string;
  value: unknown;
  lineOf(path: YamlPath): number;
}

/**
 * Parses YAML that starts `firstLine - 1` lines into `file` (front matter starts on line 2).
 * Returns the syntax errors instead when there are any.
 */
export function parseYaml(file: string, text: string, firstLine = 1): YamlSource | ContentError[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  if (document.errors.length > 0) {
    // After the first syntax error the parser mostly reports its own confusion, so stop there.
    return document.errors.slice(0, 1).map((error) => ({
      file,
      line: lineAt(error.pos[0]),
      code: "yaml-syntax",
      message: `YAML syntax: ${error.message}`,
    }));
  }
  return { file, value: document.toJS(), lineOf: (path) => lineAt(offsetOf(document, path)) };
}

/** Offset of the deepest node along `path` that exists, so a missing key points at its parent. */
function offsetOf(document: Document, path: YamlPath): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return 0;
}

export function yamlError(source: YamlSource, path: YamlPath, code: ContentErrorCode, message: string): ContentError {
  return { file: source.file, line: source.lineOf(path), code, message };
}

type Validated<T> = { ok: true; value: T } | { ok: false; errors: ContentError[] };

/** Validates the value at `basePath` and turns every zod issue into a located, readable error. */
export function validate<T>(
  schema: z.ZodType<T>,
  source: YamlSource,
  basePath: YamlPath = [],
  value: unknown = valueAt(source.value, basePath),
): Validated<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.map((issue) => {
    const path = [...basePath, ...(issue.path as (string | number)[])];
    const { code, message } = describeIssue(issue, valueAt(source.value, path), fieldName(issue.path));
    const at = issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
    return yamlError(source, at, code, message);
  });
  return { ok: false, errors };
}

function describeIssue(
  issue: z.core.$ZodIssue,
  value: unknown,
  field: string,
): { code: ContentErrorCode; message: string } {
  switch (issue.code) {
    case "unrecognized_keys":
      return { code: "unknown-field", message: `unknown field ${issue.keys.map((key) => `\`${key}\``).join(", ")}` };
    case "too_small":
      if (issue.origin === "array") {
        const items = issue.minimum === 1 ? "one item" : `${issue.minimum} items`;
        return { code: "empty-field", message: `${field} must list at least ${items}` };
      }
      if (issue.origin === "string") return { code: "empty-field", message: `${field} must not be empty` };
      return { code: "invalid-field", message: `${field} must be at least ${issue.minimum}` };
    case "invalid_type":
      if (value === undefined) return { code: "missing-field", message: `${field} is required` };
      return { code: "invalid-field", message: `${field} must be ${describeType(issue.expected)}` };
    case "invalid_value":
      return {
        code: "invalid-field",
        message: `${field} must be one of ${issue.values.map((each) => JSON.stringify(each)).join(", ")}`,
      };
    default:
      return { code: "invalid-field", message: `${field} ${issue.message}` };
  }
}

function describeType(expected: string): string {
  const names: Record<string, string> = {
    string: "text (quote it if YAML reads it as a number or date)",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
  };
  return names[expected] ?? expected;
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "the document";
  return `\`${path
    .map((part) => (typeof part === "number" ? `[${part}]` : String(part)))
    .join(".")
    .replace(/\.\[/g, "[")}\``;
}

export function valueAt(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}
