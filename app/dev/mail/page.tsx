import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { formStyles } from "@/app/_components/forms/Field";
import { devOutboxAvailable, listOutbox } from "@/lib/mail/outbox";

export const metadata: Metadata = { title: "Outgoing mail (local)", robots: { index: false } };

/** Development and local installs without SMTP_URL only: the mail Retain would have sent. */
export default async function DevMailPage() {
  await connection();
  if (!devOutboxAvailable()) notFound();
  const messages = await listOutbox();
  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Outgoing mail</h1>
      <p className={formStyles.lead}>
        No SMTP_URL is set, so Retain writes each message as an .eml file instead of sending it. Newest first; this page does not
        exist on a production server.
      </p>
      {messages.length === 0 ? <p>No mail yet.</p> : null}
      {messages.map((message) => (
        <section key={message.file} className={formStyles.card} aria-label={message.subject}>
          <h2>{message.subject}</h2>
          <p>
            To {message.to} · {message.date} · <code>{message.file}</code>
          </p>
          <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{message.text}</pre>
        </section>
      ))}
    </main>
  );
}
