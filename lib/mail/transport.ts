import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { env } from "@/lib/env";

/**
 * Where mail goes: the SMTP server of `SMTP_URL`, or, without one, an `.eml` file per message under
 * `MAIL_DIR` (the local default; the development page /dev/mail lists them). One transport per
 * process and configuration.
 */
export type SentMail = { messageId: string; file?: string };

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

const fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

export async function deliver(message: Mail.Options): Promise<SentMail> {
  const { SMTP_URL, MAIL_FROM, MAIL_DIR } = env();
  const withFrom = { from: MAIL_FROM, ...message };
  if (SMTP_URL) {
    const info = await transportFor(SMTP_URL).sendMail(withFrom);
    return { messageId: info.messageId };
  }
  const info = await fileTransport.sendMail(withFrom);
  await fs.mkdir(MAIL_DIR, { recursive: true, mode: 0o700 });
  // Sortable by time, unique without coordination between processes.
  const file = path.join(MAIL_DIR, `${new Date().toISOString().replaceAll(":", "-")}-${randomBytes(4).toString("hex")}.eml`);
  await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
  return { messageId: info.messageId, file };
}

/** Whether messages are written to files (no SMTP server configured). */
export function mailGoesToFiles(): boolean {
  return !env().SMTP_URL;
}
