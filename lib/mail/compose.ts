import type Mail from "nodemailer/lib/mailer";

/**
 * Builds a message as Retain sends it: plain text first, the same words as simple HTML, and for
 * mail a student can opt out of, `List-Unsubscribe` with one-click unsubscribe (RFC 8058). Pure: the
 * caller supplies the links.
 */
export type MailContent = {
  to: string;
  subject: string;
  /** Paragraphs of plain text. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Shown under the message, e.g. why the student gets it. */
  footer?: string[];
  unsubscribe?: { oneClick: string; page: string };
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function composeMail(content: MailContent): Mail.Options {
  const footer = [...(content.footer ?? [])];
  if (content.unsubscribe) footer.push(`Stop these emails: ${content.unsubscribe.page}`);
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(footer.length ? ["--", ...footer] : []),
  ].join("\n\n");

  const paragraph = (body: string, style = "") => `<p style="margin:0 0 16px;${style}">${body}</p>`;
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:560px;margin:0 auto;padding:16px">`,
    ...content.paragraphs.map((line) => paragraph(escapeHtml(line))),
    content.action
      ? paragraph(
          `<a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#1f4e8c;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none">${escapeHtml(content.action.label)}</a>`,
        )
      : "",
    ...(content.footer ?? []).map((line) => paragraph(escapeHtml(line), "font-size:13px;color:#555")),
    content.unsubscribe
      ? paragraph(`<a href="${escapeHtml(content.unsubscribe.page)}" style="color:#555">Stop these emails</a>`, "font-size:13px")
      : "",
    `</body></html>`,
  ].join("\n");

  const message: Mail.Options = { to: content.to, subject: content.subject, text, html };
  if (content.unsubscribe) {
    message.headers = {
      "List-Unsubscribe": `<${content.unsubscribe.oneClick}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    };
  }
  return message;
}
