/** Anki-style cloze notes: `{{c1::hidden text}}`; every deletion number becomes one card. */

export interface ClozeCard {
  /** The `n` of `c<n>`; the card key is `<id>#c<n>`. */
  number: number;
  /** The note with this card's deletions shown as `[…]` and the others as plain text. */
  prompt: string;
  answer: string;
}

export interface ClozeProblem {
  code: "cloze-unbalanced" | "cloze-malformed" | "cloze-no-deletions" | "cloze-empty-deletion" | "cloze-hint";
  message: string;
}

export const CLOZE_PLACEHOLDER = "[…]";

type Part = { text: string; deletion?: number };

export interface ClozeDeletion {
  number: number;
  text: string;
}

export function parseCloze(note: string): { cards: ClozeCard[]; deletions: ClozeDeletion[]; problems: ClozeProblem[] } {
  const { parts, problems } = splitDeletions(note);
  if (problems.length === 0 && !parts.some((part) => part.deletion !== undefined)) {
    problems.push({ code: "cloze-no-deletions", message: "cloze text has no deletions like `{{c1::…}}`" });
  }
  if (problems.length > 0) return { cards: [], deletions: [], problems };
  const deletions = parts.flatMap((part) => (part.deletion === undefined ? [] : [{ number: part.deletion, text: part.text }]));

  const numbers = [...new Set(parts.flatMap((part) => (part.deletion === undefined ? [] : [part.deletion])))];
  const cards = numbers
    .sort((a, b) => a - b)
    .map((number) => ({
      number,
      prompt: parts.map((part) => (part.deletion === number ? CLOZE_PLACEHOLDER : part.text)).join(""),
      // Anki hides every deletion sharing a number on the same card, so the answer lists them all.
      answer: parts
        .filter((part) => part.deletion === number)
        .map((part) => part.text)
        .join("; "),
    }));
  return { cards, deletions, problems };
}

function splitDeletions(note: string): { parts: Part[]; problems: ClozeProblem[] } {
  const parts: Part[] = [];
  const problems: ClozeProblem[] = [];
  let textStart = 0;
  let openedAt = -1;
  for (let at = 0; at < note.length; at++) {
    if (note.startsWith("{{", at)) {
      if (openedAt !== -1) return { parts, problems: [unbalanced("a `{{` opens inside another deletion")] };
      parts.push({ text: note.slice(textStart, at) });
      openedAt = at;
      at++;
    } else if (note.startsWith("}}", at)) {
      if (openedAt === -1) return { parts, problems: [unbalanced("a `}}` closes no deletion")] };
      const inner = note.slice(openedAt + 2, at);
      const deletion = parseDeletion(inner);
      if ("code" in deletion) problems.push(deletion);
      else parts.push(deletion);
      openedAt = -1;
      textStart = at + 2;
      at++;
    }
  }
  if (openedAt !== -1) return { parts, problems: [unbalanced("a `{{` is never closed")] };
  parts.push({ text: note.slice(textStart) });
  return { parts, problems };
}

function parseDeletion(inner: string): Required<Part> | ClozeProblem {
  const match = /^c([1-9]\d*)::([\s\S]*)$/.exec(inner);
  if (!match) {
    return { code: "cloze-malformed", message: `deletion \`{{${inner}}}\` must look like \`{{c1::text}}\`` };
  }
  const number = Number(match[1]);
  const text = match[2] ?? "";
  if (text.includes("::")) {
    return { code: "cloze-hint", message: `deletion c${number} has a hint (\`::\`); cloze hints are not supported` };
  }
  if (text.trim() === "") return { code: "cloze-empty-deletion", message: `deletion c${number} is empty` };
  return { text, deletion: number };
}

function unbalanced(detail: string): ClozeProblem {
  return { code: "cloze-unbalanced", message: `unbalanced cloze braces: ${detail}` };
}
