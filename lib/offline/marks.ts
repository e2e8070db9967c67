import type { OutboxEntry } from "./types";

/**
 * A synchronous summary of the outbox, per course, mirrored into localStorage: how many entries are
 * still waiting to be sent, and when (server clock, ms) the last answer or undo was given on this
 * device. The review page server-renders its first card; a tiny inline script (`holdScript`) reads
 * this before the card is painted and hides it when the outbox may know better than the page: an
 * answer still waiting, or one given since the page was rendered (a copy served offline by the
 * service worker). The client shows the card once it has reconciled the page's queue with the
 * outbox in IndexedDB, and takes the hold away.
 */
export type ReviewMark = { pending: number; last: number };
export type ReviewMarks = Record<string, ReviewMark>;

/** Answers given this close before the page's queue was made still hold the card (clock skew). */
export const HOLD_MARGIN_MS = 5 * 60_000;
/** The id of the <style> the inline script adds; the client removes it. */
export const HOLD_STYLE_ID = "retain-review-hold";
/** The attribute on what the hold hides (the server-rendered card and its controls). */
export const PROVISIONAL_ATTRIBUTE = "data-review-provisional";
/** Marks older than this with nothing pending are dropped (a page rendered before it is long stale or reconciled). */
const FORGET_AFTER_MS = 7 * 24 * 60 * 60_000;

export function marksKey(userId: string): string {
  return `retain-outbox-marks:${userId}`;
}

/** Marks for every course from the outbox's entries; `last` never goes back (pruned entries keep their time). */
export function computeMarks(previous: ReviewMarks, entries: OutboxEntry[], now: number): ReviewMarks {
  const next: ReviewMarks = {};
  for (const [course, mark] of Object.entries(previous)) {
    if (mark && typeof mark.last === "number" && now - mark.last < FORGET_AFTER_MS) next[course] = { pending: 0, last: mark.last };
  }
  for (const entry of entries) {
    const mark = (next[entry.course] ??= { pending: 0, last: 0 });
    if (entry.status === "pending") mark.pending += 1;
    const at = Date.parse(entry.kind === "answer" ? entry.reviewedAt : entry.createdAt);
    if (Number.isFinite(at)) mark.last = Math.max(mark.last, at);
  }
  return next;
}

export function writeMarks(userId: string, entries: OutboxEntry[]): void {
  try {
    const key = marksKey(userId);
    let previous: ReviewMarks = {};
    try {
      const stored = JSON.parse(localStorage.getItem(key) ?? "{}") as unknown;
      if (stored && typeof stored === "object") previous = stored as ReviewMarks;
    } catch {
      // A broken value is rebuilt from the entries.
    }
    localStorage.setItem(key, JSON.stringify(computeMarks(previous, entries, Date.now())));
  } catch {
    // No storage (private mode): the inline script then holds the card until the client has looked.
  }
}

/**
 * The same rule as the inline script, for a page React renders without it: after a client-side
 * navigation the page's inline script is inserted by React and never runs.
 */
export function shouldHold(userId: string, course: string, generatedAt: string): boolean {
  try {
    const mark = (JSON.parse(localStorage.getItem(marksKey(userId)) || "{}") as ReviewMarks)[course];
    return !!mark && (mark.pending > 0 || mark.last >= Date.parse(generatedAt) - HOLD_MARGIN_MS);
  } catch {
    return true;
  }
}

/** JSON safe inside a <script> element. */
function literal(value: string | number): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The inline script's source (it runs before the card is parsed, so before it is painted). Holds
 * the card when the marks say the outbox has something the page's queue may not reflect, or when
 * storage cannot be read at all.
 */
export function holdScript(userId: string, course: string, generatedAt: string): string {
  return (
    `(function(){var h=false;try{var m=JSON.parse(localStorage.getItem(${literal(marksKey(userId))})||"{}")[${literal(course)}];` +
    `h=!!m&&(m.pending>0||m.last>=Date.parse(${literal(generatedAt)})-${HOLD_MARGIN_MS})}catch(e){h=true}` +
    `if(h){var s=document.createElement("style");s.id=${literal(HOLD_STYLE_ID)};` +
    `s.textContent="[${PROVISIONAL_ATTRIBUTE}]{visibility:hidden}";document.head.appendChild(s)}})()`
  );
}

/** Shows what the inline script held (the client has reconciled the page with the outbox). */
export function releaseHold(): void {
  document.getElementById(HOLD_STYLE_ID)?.remove();
}
