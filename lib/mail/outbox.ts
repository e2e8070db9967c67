import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * The `.eml` files the local default transport wrote (no SMTP_URL), newest first, for the
 * development page /dev/mail. Available only on a development server or a local install (embedded
 * database) without SMTP: never on a production server.
 */
export function devOutboxAvailable(): boolean {
  const { SMTP_URL, NODE_ENV, RETAIN_LOCAL_MODE } = env();
  return !SMTP_URL && (NODE_ENV === "development" || RETAIN_LOCAL_MODE === "1");
}

export type OutboxMessage = { file: string; date: string; to: string; subject: string; text: string };

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.split(/\r?\n/).find((entry) => entry.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return decodeWords(line?.slice(name.length + 1).trim() ?? "");
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_match, encoding: string, text: string) =>
    encoding.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
  );
}

/** The plain-text part, quoted-printable decoded. */
function plainText(raw: string): string {
  const match = /Content-Type: text\/plain[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)(?:\r?\n--|$)/i.exec(raw);
  const body = match?.[1] ?? "";
  return Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
}

export async function listOutbox(limit = 50): Promise<OutboxMessage[]> {
  if (!devOutboxAvailable()) return [];
  const dir = env().MAIL_DIR;
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith(".eml")).sort().reverse().slice(0, limit);
  return Promise.all(
    files.map(async (file) => {
      const raw = await fs.readFile(path.join(dir, file), "utf8");
      return { file, date: header(raw, "Date"), to: header(raw, "To"), subject: header(raw, "Subject"), text: plainText(raw) };
    }),
  );
}
