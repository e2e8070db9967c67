import { describe, expect, it } from "vitest";
import type { SrsState } from "@/lib/srs/card";
import { buildDailyQueue, type DailyQueueInput, type QueueCardSchedule, type QueueCourseCard } from "@/lib/srs/queue";

const NOW = new Date("2026-03-10T15:00:00Z");
const MINUTE = 60_000;
const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

function card(cardId: string, position: number, lessonId = "L1", archived = false, noteKey = cardId): QueueCourseCard {
  return { cardId, position, lessonId, archived, noteKey };
}

function schedule(state: SrsState, due: Date, suspended = false, lastReview: Date | null = null): QueueCardSchedule {
  return { state, due, suspended, lastReview };
}

function input(overrides: Partial<DailyQueueInput> = {}): DailyQueueInput {
  return {
    cards: [],
    states: new Map(),
    dayRule: { timeZone: "UTC", dayStartHour: 4 },
    newPerDay: 20,
    reviewsPerDay: 200,
    newIntroducedToday: 0,
    reviewsDoneToday: 0,
    assignedLessonIds: new Set(),
    limit: 100,
    ...overrides,
  };
}

/** A course with a bit of everything; listed out of course order on purpose. */
const COURSE: QueueCourseCard[] = [
  card("new-L3", 30, "L3"),
  card("new-L1", 10, "L1"),
  card("new-L2", 20, "L2"),
  card("reset-L2", 21, "L2"),
  card("new-suspended", 22, "L2"),
  card("lrn-due", 1),
  card("relrn-due", 2),
  card("lrn-soon", 3),
  card("rev-overdue", 4),
  card("rev-tonight", 5),
  card("rev-tomorrow", 6),
  card("rev-suspended", 7),
  card("rev-archived", 8, "L1", true),
  card("new-archived", 9, "L1", true),
];

const STATES = new Map<string, QueueCardSchedule>([
  ["lrn-due", schedule("learning", minutesFromNow(-5))],
  ["relrn-due", schedule("relearning", minutesFromNow(-30))],
  ["lrn-soon", schedule("learning", minutesFromNow(10))],
  ["rev-overdue", schedule("review", new Date("2026-03-08T04:00:00Z"))],
  // The local day (UTC, starting 04:00) ends at 2026-03-11T04:00Z.
  ["rev-tonight", schedule("review", new Date("2026-03-11T03:59:59Z"))],
  ["rev-tomorrow", schedule("review", new Date("2026-03-11T04:00:00Z"))],
  ["rev-suspended", schedule("review", new Date("2026-03-01T04:00:00Z"), true)],
  ["rev-archived", schedule("review", new Date("2026-03-01T04:00:00Z"))],
  ["reset-L2", schedule("new", new Date("2026-03-09T12:00:00Z"))],
  ["new-suspended", schedule("new", new Date("2026-03-09T12:00:00Z"), true)],
]);

const ids = (queue: ReturnType<typeof buildDailyQueue>) => queue.items.map((item) => item.cardId);

describe("buildDailyQueue", () => {
  it("orders due learning by due, then reviews oldest first, then new in course order", () => {
    const queue = buildDailyQueue(input({ cards: COURSE, states: STATES }), NOW);
    expect(queue.items).toEqual([
      { cardId: "relrn-due", queue: "learning" },
      { cardId: "lrn-due", queue: "learning" },
      { cardId: "rev-overdue", queue: "review" },
      { cardId: "rev-tonight", queue: "review" },
      { cardId: "new-L1", queue: "new" },
      { cardId: "new-L2", queue: "new" },
      { cardId: "reset-L2", queue: "new" },
      { cardId: "new-L3", queue: "new" },
    ]);
    expect(queue.counts).toEqual({ learning: 2, review: 2, new: 4 });
  });

  it("never shows suspended or archived cards, nor reviews due after today ends", () => {
    const shown = ids(buildDailyQueue(input({ cards: COURSE, states: STATES }), NOW));
    for (const hidden of ["new-suspended", "rev-suspended", "rev-archived", "new-archived", "rev-tomorrow"]) {
      expect(shown).not.toContain(hidden);
    }
  });

  it("introduces new cards of assigned lessons first, then the rest in course order", () => {
    const queue = buildDailyQueue(
      input({ cards: COURSE, states: STATES, assignedLessonIds: new Set(["L3", "L2"]) }),
      NOW,
    );
    expect(queue.items.filter((item) => item.queue === "new").map((item) => item.cardId)).toEqual([
      "new-L2",
      "reset-L2",
      "new-L3",
      "new-L1",
    ]);
  });

  it("caps new cards at newPerDay minus those introduced today", () => {
    const queue = buildDailyQueue(
      input({ cards: COURSE, states: STATES, newPerDay: 3, newIntroducedToday: 1, assignedLessonIds: new Set(["L3"]) }),
      NOW,
    );
    expect(queue.items.filter((item) => item.queue === "new").map((item) => item.cardId)).toEqual(["new-L3", "new-L1"]);
    expect(queue.counts.new).toBe(2);
    const exhausted = buildDailyQueue(
      input({ cards: COURSE, states: STATES, newPerDay: 3, newIntroducedToday: 5 }),
      NOW,
    );
    expect(exhausted.counts.new).toBe(0);
  });

  it("caps reviews at reviewsPerDay minus those done today, keeping the most overdue", () => {
    const queue = buildDailyQueue(input({ cards: COURSE, states: STATES, reviewsPerDay: 5, reviewsDoneToday: 4 }), NOW);
    expect(queue.items.filter((item) => item.queue === "review").map((item) => item.cardId)).toEqual(["rev-overdue"]);
    const exhausted = buildDailyQueue(
      input({ cards: COURSE, states: STATES, reviewsPerDay: 5, reviewsDoneToday: 9 }),
      NOW,
    );
    expect(exhausted.counts.review).toBe(0);
  });

  it("does not limit due learning cards", () => {
    const queue = buildDailyQueue(input({ cards: COURSE, states: STATES, newPerDay: 0, reviewsPerDay: 0 }), NOW);
    expect(queue.items).toEqual([
      { cardId: "relrn-due", queue: "learning" },
      { cardId: "lrn-due", queue: "learning" },
    ]);
  });

  it("returns at most `limit` items while counts describe the whole queue", () => {
    const queue = buildDailyQueue(input({ cards: COURSE, states: STATES, limit: 3 }), NOW);
    expect(ids(queue)).toEqual(["relrn-due", "lrn-due", "rev-overdue"]);
    expect(queue.counts).toEqual({ learning: 2, review: 2, new: 4 });
    expect(() => buildDailyQueue(input({ limit: -1 }), NOW)).toThrow(RangeError);
  });

  describe("learn ahead", () => {
    const cards = [card("a", 1), card("b", 2), card("c", 3)];
    const learningOnly = new Map([
      ["a", schedule("learning", minutesFromNow(19))],
      ["b", schedule("relearning", minutesFromNow(20))],
      ["c", schedule("learning", minutesFromNow(21))],
    ]);

    it("shows learning cards due within 20 minutes when nothing else is left", () => {
      const queue = buildDailyQueue(input({ cards, states: learningOnly }), NOW);
      expect(queue.items).toEqual([
        { cardId: "a", queue: "learning" },
        { cardId: "b", queue: "learning" },
      ]);
      expect(queue.counts).toEqual({ learning: 2, review: 0, new: 0 });
    });

    it("waits for them while other cards are available", () => {
      const withNew = [...cards, card("fresh", 4)];
      expect(ids(buildDailyQueue(input({ cards: withNew, states: learningOnly }), NOW))).toEqual(["fresh"]);
    });

    it("counts limits as 'nothing left': new cards over the daily cap do not block learning ahead", () => {
      const withNew = [...cards, card("fresh", 4)];
      const queue = buildDailyQueue(input({ cards: withNew, states: learningOnly, newPerDay: 0 }), NOW);
      expect(ids(queue)).toEqual(["a", "b"]);
    });
  });

  it("uses the student's local day for the review cut-off", () => {
    // 23:30 in New York on 2026-03-10 (03:30Z on the 11th); with h=4 the day ends at 08:00Z.
    const lateNight = new Date("2026-03-11T03:30:00Z");
    const states = new Map([
      ["before", schedule("review", new Date("2026-03-11T07:59:00Z"))],
      ["after", schedule("review", new Date("2026-03-11T08:00:00Z"))],
    ]);
    const queue = buildDailyQueue(
      input({
        cards: [card("before", 1), card("after", 2)],
        states,
        dayRule: { timeZone: "America/New_York", dayStartHour: 4 },
      }),
      lateNight,
    );
    expect(ids(queue)).toEqual(["before"]);
  });

  describe("siblings", () => {
    const sibling = (cardId: string, position: number, noteKey: string, lessonId = "L1") => card(cardId, position, lessonId, false, noteKey);

    it("shows one new card of a note per day; the next one waits for another day", () => {
      const cards = [sibling("n1#c1", 1, "n1"), sibling("n1#c2", 2, "n1"), sibling("n2", 3, "n2"), sibling("n3#c1", 4, "n3"), sibling("n3#c2", 5, "n3")];
      const queue = buildDailyQueue(input({ cards }), NOW);
      expect(ids(queue)).toEqual(["n1#c1", "n2", "n3#c1"]);
      expect(queue.counts).toEqual({ new: 3, learning: 0, review: 0 });
    });

    it("buries new and review siblings of a card answered today, but never a learning sibling", () => {
      const cards = [sibling("a#c1", 1, "a"), sibling("a#c2", 2, "a"), sibling("a#c3", 3, "a"), sibling("a#c4", 4, "a"), sibling("b", 5, "b")];
      const states = new Map([
        ["a#c1", schedule("learning", minutesFromNow(-1), false, minutesFromNow(-11))],
        ["a#c2", schedule("review", new Date("2026-03-09T04:00:00Z"), false, new Date("2026-03-01T10:00:00Z"))],
        ["a#c3", schedule("relearning", minutesFromNow(-2), false, new Date("2026-03-09T20:00:00Z"))],
      ]);
      const queue = buildDailyQueue(input({ cards, states }), NOW);
      expect(queue.items).toEqual([
        { cardId: "a#c3", queue: "learning" },
        { cardId: "a#c1", queue: "learning" },
        { cardId: "b", queue: "new" },
      ]);
      // Answered yesterday (before today's 04:00 start): nothing is buried.
      const yesterday = new Map([...states, ["a#c1", schedule("learning", minutesFromNow(-1), false, new Date("2026-03-10T03:59:00Z"))]]);
      expect(ids(buildDailyQueue(input({ cards, states: yesterday }), NOW))).toEqual(["a#c3", "a#c1", "a#c2", "b"]);
    });

    it("a due review gathers its note first: its new siblings wait; buried cards do not use the daily limits", () => {
      const cards = [sibling("a#c1", 1, "a"), sibling("a#c2", 2, "a"), sibling("b", 3, "b"), sibling("c", 4, "c")];
      const states = new Map([["a#c2", schedule("review", new Date("2026-03-09T04:00:00Z"), false, new Date("2026-03-01T10:00:00Z"))]]);
      const queue = buildDailyQueue(input({ cards, states, newPerDay: 2 }), NOW);
      expect(ids(queue)).toEqual(["a#c2", "b", "c"]);
    });
  });
});
