/**
 * CSV per RFC 4180 for spreadsheets: CRLF line ends, fields with a comma, quote, CR or LF quoted and
 * inner quotes doubled, UTF-8 with a byte-order mark (so Excel reads accents right). Text that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a CR) gets a leading `'`
 * (OWASP "CSV injection"): names and titles are typed by users.
 */
export const UTF8_BOM = "\uFEFF";

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
