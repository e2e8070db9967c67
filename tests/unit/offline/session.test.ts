import { describe, expect, it } from "vitest";
import { LEARN_AHEAD_MS } from "@/lib/contracts";
import {
  advance,
  answerCurrent,
  applyAnswerResult,
  emptySession,
  mergeFresh,
  remaining,
  startSession,
  undoLast,
} from "@/lib/offline/session";
import type { AnswerEntry } from "@/lib/offline/types";
import { card, T0 } from "./support";

const DAY = 86_400_000;

function answerEntry(cardId: string, overrides: Partial<AnswerEntry> = {}): AnswerEntry {
  return {
    kind: "answer",
    key: `key-${cardId}`,
    seq: 1,
    course: "c",
    status: "pending",
    createdAt: new Date(T0).toISOString(),
    cardId,
    rating: 3,
    reviewedAt: new Date(T0).toISOString(),
    card: card(cardId),
    ...overrides,
  };
}

describe("review session", () => {
  it("shows the queue in order and requeues a learning answer until its due time", () => {
    let session = startSession([card("a"), card("b", { goodIn: 3 * DAY })], new Date(T0).toISOString(), [], T0);
    expect(session.current?.id).toBe("a");
    session = answerCurrent(session, 1, "k1", T0); // Again: due in 1 minute
    expect(session.current?.id).toBe("b");
    expect(session.requeue).toHaveLength(1);
    expect(session.requeue[0]!.card.previewsStale).toBe(true);
    session = answerCurrent(session, 3, "k2", T0 + 1000); // Good: 3 days, leaves the session
    // Nothing else left: the learning card comes back early (learn-ahead).
    expect(session.current?.id).toBe("a");
    expect(session.reviewed).toBe(2);
  });

  it("prefers a due learning card over the next queued card", () => {
    let session = startSession([card("a"), card("b"), card("c")], new Date(T0).toISOString(), [], T0);
    session = answerCurrent(session, 1, "k1", T0);
    expect(session.current?.id).toBe("b");
    session = answerCurrent(session, 4, "k2", T0 + 2 * 60_000);
    expect(session.current?.id).toBe("a");
    expect(session.main.map((entry) => entry.id)).toEqual(["c"]);
  });

  it("waits when only learning cards beyond the learn-ahead window are left", () => {
    let session = startSession([card("a", { againIn: LEARN_AHEAD_MS + 5 * 60_000 })], new Date(T0).toISOString(), [], T0);
    session = answerCurrent(session, 1, "k1", T0);
    expect(session.current).toBeNull();
    expect(remaining(session)).toBe(1);
    expect(advance(session, T0 + 6 * 60_000).current?.id).toBe("a");
  });

  it("undo brings the answered card back and puts the shown one back in front", () => {
    let session = startSession([card("a"), card("b")], new Date(T0).toISOString(), [], T0);
    session = answerCurrent(session, 1, "k1", T0);
    const { session: undone, undone: taken } = undoLast(session, { versionUnknown: true });
    expect(taken?.key).toBe("k1");
    expect(undone.current?.id).toBe("a");
    expect(undone.current?.versionUnknown).toBe(true);
    expect(undone.current?.previewsStale).toBeUndefined();
    expect(undone.main.map((entry) => entry.id)).toEqual(["b"]);
    expect(undone.requeue).toHaveLength(0);
    expect(undone.reviewed).toBe(0);
    expect(undoLast(emptySession, { versionUnknown: false }).undone).toBeNull();
  });

  it("a queue fetched before answers were given does not show those cards again", () => {
    const generatedAt = new Date(T0 - 60_000).toISOString();
    const entries = [
      answerEntry("a", { status: "sent", reviewedAt: new Date(T0).toISOString(), requeueAt: new Date(T0 + 60_000).toISOString() }),
      answerEntry("b", { status: "pending" }),
      answerEntry("old", { status: "sent", reviewedAt: new Date(T0 - 120_000).toISOString() }),
    ];
    const session = startSession([card("a"), card("b"), card("c"), card("old")], generatedAt, entries, T0);
    expect([session.current?.id, ...session.main.map((entry) => entry.id)]).toEqual(["c", "old"]);
    expect(session.requeue.map((entry) => entry.card.id)).toEqual(["a"]);
  });

  it("filters by lesson", () => {
    const session = startSession([card("a", { lessonId: "x" }), card("b", { lessonId: "y" })], new Date(T0).toISOString(), [], T0, (entry) => entry.lessonId === "y");
    expect(session.current?.id).toBe("b");
    expect(remaining(session)).toBe(1);
  });

  it("merges a fresh queue: new cards appended, learning cards refreshed, pending ones skipped", () => {
    let session = startSession([card("a"), card("b")], new Date(T0).toISOString(), [], T0);
    session = answerCurrent(session, 1, "k1", T0);
    const freshA = { ...card("a"), queue: "learning" as const, state: "learning" as const, version: 1 };
    const merged = mergeFresh(session, [freshA, card("b"), card("c"), card("d")], new Set(["d"]), () => true, T0 + 1000, new Date(T0).toISOString());
    expect(merged.current?.id).toBe("b");
    expect(merged.main.map((entry) => entry.id)).toEqual(["c"]);
    expect(merged.requeue[0]!.card.version).toBe(1);
    expect(merged.requeue[0]!.card.previewsStale).toBeUndefined();
  });

  it("the server's reply decides whether a card answered with stale labels comes back", () => {
    let session = startSession([card("a"), card("b", { goodIn: 3 * DAY }), card("z")], new Date(T0).toISOString(), [], T0);
    session = answerCurrent(session, 1, "k1", T0); // a requeued (stale)
    session = answerCurrent(session, 3, "k2", T0 + 61_000); // b; a is due again
    expect(session.current?.id).toBe("a");
    expect(session.current?.previewsStale).toBe(true);
    session = answerCurrent(session, 3, "k3", T0 + 62_000); // stale labels: not requeued by the client
    expect(session.requeue).toHaveLength(0);
    // The server says: still learning, due in 10 minutes → it comes back.
    const learning = applyAnswerResult(session, { key: "k3", card: card("a"), state: "learning", due: new Date(T0 + 600_000).toISOString(), version: 2 }, T0 + 63_000);
    expect(learning.requeue.map((entry) => entry.card.id)).toEqual(["a"]);
    expect(learning.requeue[0]!.card.version).toBe(2);
    // A reply to the older answer of the same card changes nothing.
    expect(applyAnswerResult(session, { key: "k1", card: card("a"), state: "learning", due: new Date(T0).toISOString(), version: 1 }, T0)).toBe(session);
    // Graduated to review: it leaves the session.
    const graduated = applyAnswerResult(learning, { key: "k3", card: card("a"), state: "review", due: new Date(T0 + 3 * DAY).toISOString(), version: 2 }, T0 + 63_000);
    expect(graduated.requeue).toHaveLength(0);
  });

  it("an unconfirmed learning answer waits its step from the answer time, behind earlier confirmed ones", () => {
    // The queue (and its previews) came at T0; the student answers over the next minutes.
    let session = startSession([card("a"), card("b"), card("c"), card("d")], new Date(T0).toISOString(), [], T0);
    session = answerCurrent(session, 3, "ka", T0 + 5 * 60_000); // a: Good, 10m
    // The server confirms a: due 10 minutes after the answer.
    session = applyAnswerResult(session, { key: "ka", card: card("a"), state: "learning", due: new Date(T0 + 15 * 60_000).toISOString(), version: 1 }, T0 + 5 * 60_000);
    session = answerCurrent(session, 3, "kb", T0 + 11 * 60_000); // b: Good, not confirmed yet
    // The preview said "due at T0 + 10m", already past: b must not come straight back.
    expect(session.current?.id).toBe("c");
    expect(session.requeue.find((entry) => entry.card.id === "b")?.showAt).toBe(T0 + 21 * 60_000);
    session = answerCurrent(session, 4, "kc", T0 + 16 * 60_000);
    expect(session.current?.id).toBe("a");
  });

  it("a fresh queue's previews count from the time it was made", () => {
    let session = startSession([card("a")], new Date(T0).toISOString(), [], T0);
    session = mergeFresh(session, [card("b")], new Set(), () => true, T0 + 60_000, new Date(T0).toISOString());
    session = answerCurrent(session, 3, "ka", T0 + 3 * 60_000);
    session = answerCurrent(session, 3, "kb", T0 + 4 * 60_000);
    // Nothing else left: a (due T0 + 13m) comes back early; b waits until T0 + 14m, not T0 + 10m.
    expect(session.current?.id).toBe("a");
    expect(session.requeue.map((entry) => [entry.card.id, entry.showAt])).toEqual([["b", T0 + 14 * 60_000]]);
  });

  describe("siblings", () => {
    const note = (id: string, noteKey: string, queue: "new" | "review" | "learning" = "new") => card(id, { noteKey, queue });

    it("an answer buries the card's new and review siblings for the session, not its learning ones; undo brings them back", () => {
      const cards = [note("a1", "a"), note("b", "b"), note("a2", "a"), note("a3", "a", "review"), note("a4", "a", "learning"), note("c", "c")];
      let session = startSession(cards, new Date(T0).toISOString(), [], T0);
      session = answerCurrent(session, 4, "k1", T0 + 1000);
      expect([session.current?.id, ...session.main.map((entry) => entry.id)]).toEqual(["b", "a4", "c"]);
      const { session: undone } = undoLast(session, { versionUnknown: true });
      expect([undone.current?.id, ...undone.main.map((entry) => entry.id)]).toEqual(["a1", "b", "a2", "a3", "a4", "c"]);
    });

    it("answers waiting in the outbox bury siblings of a queue fetched before them; a fresh queue does not bring them back", () => {
      const entries = [answerEntry("a1", { card: note("a1", "a") })];
      let session = startSession([note("a1", "a"), note("a2", "a"), note("b", "b")], new Date(T0 - 60_000).toISOString(), entries, T0);
      expect([session.current?.id, ...session.main.map((entry) => entry.id)]).toEqual(["b"]);
      session = answerCurrent(session, 4, "k2", T0 + 1000);
      session = mergeFresh(session, [note("b2", "b"), note("d", "d")], new Set(), () => true, T0 + 2000, new Date(T0 + 2000).toISOString());
      expect([session.current?.id, ...session.main.map((entry) => entry.id)]).toEqual(["d"]);
    });
  });

  it("an answer that made the card a leech (suspended by the server) takes it out of the session; keeping it in study brings it back", () => {
    let session = startSession([card("a"), card("b")], new Date(T0).toISOString(), [], T0);
    session = answerCurrent(session, 1, "k1", T0);
    expect(session.requeue.map((entry) => entry.card.id)).toEqual(["a"]);
    const relearning = { key: "k1", card: card("a"), state: "relearning", due: new Date(T0 + 10 * 60_000).toISOString(), version: 9 };
    const leech = applyAnswerResult(session, { ...relearning, suspended: true }, T0 + 1000);
    expect(leech.requeue).toHaveLength(0);
    expect(leech.current?.id).toBe("b");
    const kept = applyAnswerResult(leech, relearning, T0 + 2000);
    expect(kept.requeue.map((entry) => [entry.card.id, entry.showAt])).toEqual([["a", T0 + 10 * 60_000]]);
  });
});
