import { describe, expect, it } from "vitest";
import { computeMarks, HOLD_MARGIN_MS, HOLD_STYLE_ID, holdScript, marksKey, shouldHold, type ReviewMarks } from "@/lib/offline/marks";
import { Outbox } from "@/lib/offline/outbox";
import { memoryOutboxStore } from "@/lib/offline/store";
import type { OutboxEntry } from "@/lib/offline/types";
import { card, T0 } from "./support";

const COURSE = "course-a";
const USER = "user-1";
const iso = (ms: number) => new Date(ms).toISOString();

/** Runs the inline script against a fake localStorage and document; returns whether it held the card. */
function runHold(stored: string | null | Error, generatedAt: string): boolean {
  const appended: { id: string; textContent: string }[] = [];
  const localStorage = {
    getItem(key: string) {
      if (stored instanceof Error) throw stored;
      return key === marksKey(USER) ? stored : null;
    },
  };
  const document = {
    createElement: () => ({ id: "", textContent: "" }),
    head: { appendChild: (node: { id: string; textContent: string }) => appended.push(node) },
  };
  new Function("localStorage", "document", holdScript(USER, COURSE, generatedAt))(localStorage, document);
  if (appended.length) {
    expect(appended[0]!.id).toBe(HOLD_STYLE_ID);
    expect(appended[0]!.textContent).toContain("visibility:hidden");
  }
  return appended.length > 0;
}

const marks = (mark: ReviewMarks[string]) => JSON.stringify({ [COURSE]: mark });

describe("the review page's hold (server-rendered card vs the outbox)", () => {
  it("shows the card when this device has answered nothing for the course", () => {
    expect(runHold(null, iso(T0))).toBe(false);
    expect(runHold(JSON.stringify({ "other-course": { pending: 3, last: T0 } }), iso(T0))).toBe(false);
  });

  it("holds it while answers wait in the outbox, however old", () => {
    expect(runHold(marks({ pending: 1, last: T0 - 86_400_000 }), iso(T0))).toBe(true);
  });

  it("holds it when an answer was given after (or just before) the page's queue was made: a copy kept offline", () => {
    expect(runHold(marks({ pending: 0, last: T0 + 1000 }), iso(T0))).toBe(true);
    expect(runHold(marks({ pending: 0, last: T0 - HOLD_MARGIN_MS + 1 }), iso(T0))).toBe(true);
    expect(runHold(marks({ pending: 0, last: T0 - HOLD_MARGIN_MS - 1 }), iso(T0))).toBe(false);
  });

  it("holds it when storage cannot be read or holds garbage", () => {
    expect(runHold(new Error("SecurityError"), iso(T0))).toBe(true);
    expect(runHold("{not json", iso(T0))).toBe(true);
  });

  it("is the same rule the client applies after a client-side navigation (where the script does not run)", () => {
    const cases: (string | null | Error)[] = [
      null,
      marks({ pending: 1, last: 0 }),
      marks({ pending: 0, last: T0 + 1 }),
      marks({ pending: 0, last: T0 - HOLD_MARGIN_MS - 1 }),
      "{not json",
      new Error("SecurityError"),
    ];
    const original = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
    try {
      for (const stored of cases) {
        Object.defineProperty(globalThis, "localStorage", {
          configurable: true,
          value: {
            getItem: (key: string) => {
              if (stored instanceof Error) throw stored;
              return key === marksKey(USER) ? stored : null;
            },
          },
        });
        expect(shouldHold(USER, COURSE, iso(T0)), String(stored)).toBe(runHold(stored, iso(T0)));
      }
    } finally {
      if (original) Object.defineProperty(globalThis, "localStorage", original);
      else delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  it("cannot be broken out of by the values it embeds", () => {
    const script = holdScript("</script><script>alert(1)</script>", "c\u2028", "2026");
    expect(script).not.toContain("</script>");
    expect(script).not.toContain("\u2028");
  });
});

describe("computeMarks", () => {
  const answer = (key: string, course: string, status: OutboxEntry["status"], at: number): OutboxEntry => ({
    kind: "answer",
    key,
    seq: at,
    course,
    status,
    createdAt: iso(at),
    reviewedAt: iso(at),
    cardId: key,
    rating: 3,
  });

  it("counts pending entries per course and keeps the latest answer time, even once entries are pruned", () => {
    const first = computeMarks({}, [answer("a", COURSE, "pending", T0), answer("b", COURSE, "sent", T0 + 5000), answer("c", "other", "sent", T0)], T0 + 6000);
    expect(first).toEqual({ [COURSE]: { pending: 1, last: T0 + 5000 }, other: { pending: 0, last: T0 } });
    // Everything sent and pruned: nothing pending, the last time stays.
    expect(computeMarks(first, [], T0 + 7000)).toEqual({ [COURSE]: { pending: 0, last: T0 + 5000 }, other: { pending: 0, last: T0 } });
    // A week later the marks are forgotten.
    expect(computeMarks(first, [], T0 + 8 * 86_400_000)).toEqual({});
  });

  it("is fed by the outbox after every change", async () => {
    const seen: OutboxEntry[][] = [];
    const outbox = new Outbox({
      store: memoryOutboxStore(),
      fetch: async () => new Response(null, { status: 503 }),
      isOnline: () => false,
      now: () => T0,
      onEntries: (entries) => seen.push(entries),
    });
    await outbox.addAnswer({ course: COURSE, card: card("x"), rating: 3 });
    expect(seen.at(-1)?.map((entry) => entry.status)).toEqual(["pending"]);
    expect(computeMarks({}, seen.at(-1)!, T0)[COURSE]).toEqual({ pending: 1, last: T0 });
  });
});
