/**
 * CSV per RFC 4180 for spreadsheets: CRLF line ends, every text field quoted (inner quotes doubled),
 * numbers bare, UTF-8 with a byte-order mark (so Excel reads accents right). Names and titles are
 * typed by users, so (OWASP "CSV injection"):
 * - text a spreadsheet would run as a formula (starting with = + - @, a tab or a CR) gets a leading `'`,
 *   and so does any part after a `;`, `,`, `|` or tab: Excel in many locales splits unquoted-looking
 *   text on `;` when it guesses the delimiter, and `Bob;=1+2` would then make `=1+2` a cell;
 * - bidirectional override and isolate characters are removed, so a name cannot reverse how the
 *   rest of its row reads.
 */
export const UTF8_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const AFTER_DELIMITER = /([;,|\t])(?=[=+\-@])/g;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function neutraliseFormula(value: string): string {
  const inner = value.replace(AFTER_DELIMITER, "$1'");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = neutraliseFormula(value.replace(BIDI_CONTROLS, ""));
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return UTF8_BOM + rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A filename safe in a Content-Disposition header on every platform: ASCII letters, digits and dashes. */
export function safeFilename(base: string, extension: string): string {
  const slug = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return `${slug || "class"}.${extension}`;
}
