/**
 * A real SMTP server in the test process (smtp-server), keeping every message it receives parsed
 * with mailparser, so tests read what Retain actually sent over the wire.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail["headers"];
  /** The raw header lines, e.g. `{ key: "list-unsubscribe", line: "List-Unsubscribe: <https://…>" }`. */
  headerLines: ParsedMail["headerLines"];
  receivedAt: Date;
};

export type TestSmtpServer = {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (from `from` on) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (mail: ReceivedMail) => boolean, options?: { timeoutMs?: number; from?: number }): Promise<ReceivedMail>;
  stop(): Promise<void>;
};

export async function startTestSmtpServer(port = 0): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const listeners = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to.map((entry) => entry.text).join(", ") : (parsed.to?.text ?? "");
          messages.push({
            to,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            headers: parsed.headers,
            headerLines: parsed.headerLines,
            receivedAt: new Date(),
          });
          for (const listener of listeners) listener();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    messages,
    waitFor(match, options = {}) {
      const from = options.from ?? 0;
      const found = () => messages.slice(from).find(match);
      const existing = found();
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`No matching mail within ${options.timeoutMs ?? 20_000} ms (${messages.length} received)`));
        }, options.timeoutMs ?? 20_000);
        function check() {
          const mail = found();
          if (!mail) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(mail);
        }
        listeners.add(check);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
