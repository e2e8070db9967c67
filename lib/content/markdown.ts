/**
 * A deliberately small Markdown renderer for lesson bodies: headings, paragraphs, emphasis,
 * inline code, lists, blockquotes and links. Every piece of text is HTML-escaped and only
 * http(s), mailto, tel, sms and in-page links survive, so course files can never inject markup.
 */

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const BLOCKQUOTE = /^>[ \t]?/;
const BULLET = /^[-*+][ \t]+/;
const NUMBERED = /^\d{1,9}[.)][ \t]+/;
const SAFE_HREF = /^(?:https?:\/\/|mailto:|tel:|sms:|#)/i;

export function renderMarkdown(markdown: string): string {
  return renderBlocks(markdown.replace(/\r\n?/g, "\n").split("\n")).join("\n");
}

function renderBlocks(lines: string[]): string[] {
  const html: string[] = [];
  let at = 0;
  const isBlank = (line: string | undefined) => line === undefined || line.trim() === "";
  const startsBlock = (line: string) =>
    HEADING.test(line) || BLOCKQUOTE.test(line) || BULLET.test(line) || NUMBERED.test(line);

  while (at < lines.length) {
    const line = lines[at] ?? "";
    if (isBlank(line)) {
      at++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      html.push(`<h${level}>${renderInline(heading[2] ?? "")}</h${level}>`);
      at++;
      continue;
    }
    if (BLOCKQUOTE.test(line)) {
      const quoted: string[] = [];
      while (at < lines.length && BLOCKQUOTE.test(lines[at] ?? ""))
        quoted.push((lines[at++] ?? "").replace(BLOCKQUOTE, ""));
      html.push(`<blockquote>\n${renderBlocks(quoted).join("\n")}\n</blockquote>`);
      continue;
    }
    const listMarker = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : undefined;
    if (listMarker) {
      const items: string[] = [];
      while (at < lines.length && !isBlank(lines[at])) {
        const current = lines[at++] ?? "";
        if (listMarker.test(current)) items.push(current.replace(listMarker, ""));
        else if (/^[ \t]/.test(current) && items.length > 0) items[items.length - 1] += `\n${current.trim()}`;
        else {
          at--;
          break;
        }
      }
      const tag = listMarker === BULLET ? "ul" : "ol";
      html.push(`<${tag}>\n${items.map((item) => `<li>${renderInline(item)}</li>`).join("\n")}\n</${tag}>`);
      continue;
    }
    const paragraph: string[] = [];
    while (at < lines.length && !isBlank(lines[at]) && (paragraph.length === 0 || !startsBlock(lines[at] ?? ""))) {
      paragraph.push((lines[at++] ?? "").trim());
    }
    html.push(`<p>${renderInline(paragraph.join("\n"))}</p>`);
  }
  return html;
}

const INLINE =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|(?<!\w)__(.+?)__(?!\w)|\*(.+?)\*|(?<!\w)_(.+?)_(?!\w)/s;

export function renderInline(text: string): string {
  let html = "";
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    html += escapeHtml(rest.slice(0, match.index));
    const [whole, code, label, href, strong, strongUnderscore, em, emUnderscore] = match;
    if (code !== undefined) html += `<code>${escapeHtml(code)}</code>`;
    else if (label !== undefined && href !== undefined) {
      html += SAFE_HREF.test(href) ? `<a href="${escapeHtml(href)}">${renderInline(label)}</a>` : renderInline(label);
    } else if ((strong ?? strongUnderscore) !== undefined)
      html += `<strong>${renderInline(strong ?? strongUnderscore ?? "")}</strong>`;
    else html += `<em>${renderInline(em ?? emUnderscore ?? "")}</em>`;
    rest = rest.slice(match.index + whole.length);
  }
  return html + escapeHtml(rest);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
