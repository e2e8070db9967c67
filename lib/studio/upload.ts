import "server-only";
import mammoth from "mammoth";
import { ValidationError } from "@/lib/errors";
import { SOURCE_LIMIT_CHARS } from "./draft";

/** Uploads larger than this are refused before they are read (a 100,000-character .docx is far smaller). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export type UploadedText = { text: string; markdown: boolean };

/**
 * The text of an uploaded `.txt`, `.md` or `.docx` file. Word documents are read with mammoth (headings
 * kept as Markdown headings, paragraphs separated by blank lines). Every refusal names the `file` field.
 */
export async function textOfUpload(name: string, bytes: Uint8Array): Promise<UploadedText> {
  const refuse = (problem: string) => new ValidationError({ file: [problem] });
  if (bytes.byteLength === 0) throw refuse("is empty");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw refuse(`is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === "txt" || extension === "md" || extension === "markdown") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw refuse("is not UTF-8 text (a binary file?): save it as plain text, or upload the .docx");
    }
    if (text.includes("\u0000")) throw refuse("looks like a binary file, not text");
    return { text: text.replace(/^\uFEFF/, ""), markdown: extension !== "txt" };
  }
  if (extension === "docx") {
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
    } catch {
      throw refuse("could not be read as a Word document (.docx)");
    }
    const text = htmlBlocksToText(html);
    if (text.length > SOURCE_LIMIT_CHARS) {
      throw refuse(`holds ${text.length.toLocaleString("en-US")} characters of text, over the limit of ${SOURCE_LIMIT_CHARS.toLocaleString("en-US")}`);
    }
    return { text, markdown: true };
  }
  throw refuse("must be a .txt, .md or .docx file");
}

/** mammoth's HTML, one block per paragraph: headings become `#` lines, everything else plain text. */
function htmlBlocksToText(html: string): string {
  const blocks: string[] = [];
  for (const match of html.matchAll(/<(h[1-6]|p|li)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = decodeEntities(match[2]!.replace(/<br\s*\/?>/g, " ").replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
    if (!text) continue;
    const level = /^h([1-6])$/.exec(match[1]!)?.[1];
    blocks.push(level ? `${"#".repeat(Number(level))} ${text}` : text);
  }
  return blocks.join("\n\n");
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, "&");
}
