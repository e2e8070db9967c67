export type ContentErrorCode =
  | "file-missing"
  | "yaml-syntax"
  | "front-matter-missing"
  | "front-matter-unclosed"
  | "missing-field"
  | "empty-field"
  | "invalid-field"
  | "unknown-field"
  | "missing-source"
  | "duplicate-id"
  | "duplicate-key"
  | "duplicate-order"
  | "duplicate-anchor"
  | "unit-without-lessons"
  | "unknown-unit"
  | "unknown-lesson"
  | "unknown-anchor"
  | "anchor-out-of-range"
  | "anchor-mismatch"
  | "paragraph-without-anchor"
  | "anchor-not-in-lesson"
  | "quote-not-verbatim"
  | "quote-spans-gap"
  | "cloze-unbalanced"
  | "cloze-malformed"
  | "cloze-no-deletions"
  | "cloze-empty-deletion"
  | "cloze-hint"
  // The quality gate (lib/content/quality.ts): errors
  | "cloze-trivial-deletion"
  | "answer-bare-citation"
  | "answer-long-list"
  | "quote-too-short"
  | "lesson-quote-not-verbatim"
  // The quality gate: warnings
  | "quote-shared"
  | "answer-in-prompt"
  | "paragraph-uncovered"
  | "sentence-overloaded";

/** One problem in a course's source files; `line` is 1-based. */
export interface ContentError {
  file: string;
  line: number;
  code: ContentErrorCode;
  message: string;
}

export function formatContentError(error: ContentError): string {
  return `${error.file}:${error.line}: ${error.message}`;
}

/** A quality warning as `file:line: warning [code] message`. */
export function formatContentWarning(warning: ContentError): string {
  return `${warning.file}:${warning.line}: warning [${warning.code}] ${warning.message}`;
}

export function sortContentErrors(errors: readonly ContentError[]): ContentError[] {
  return [...errors].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** Code-point order, so results never depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
