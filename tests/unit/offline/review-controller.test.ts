import { describe, expect, it } from "vitest";
import type { CardStateDto } from "@/lib/contracts";
import { Outbox } from "@/lib/offline/outbox";
import { ReviewController, type FocusTarget } from "@/lib/offline/review-controller";
import { memoryOutboxStore } from "@/lib/offline/store";
import type { CachedQueue, OutboxEntry, QueueCardDto, QueueDto } from "@/lib/offline/types";
import { card, jsonResponse, T0 } from "./support";

/**
 * The review page's controller against a fake server and fake time: the outbox is the real one
 * (on an in-memory store), so answers, undo and offline replay go through the same code as in the
 * browser. The server schedules learning steps from each answer's own time, as the real one does.
 */

const STEP_MS: Record<number, number> = { 1: 60_000, 2: 6 * 60_000, 3: 10 * 60_000, 4: 8 * 86_400_000 };

type Wire = { cardId: string; rating: number; idempotencyKey: string; reviewedAt: string; version?: number };

class FakeServer {
  online = true;
  versions = new Map<string, number>();
  received: Wire[] = [];
  undoRequests = 0;
  lastAnswered: { cardId: string; version: number } | null = null;
  /** Answers to this card wait until `release()` (a slow network). */
  holdCard: string | null = null;
  private held: (() => void)[] = [];
  /** Answers to this card make it a leech. */
  leechCard: string | null = null;
  queue: QueueDto = { generatedAt: new Date(T0).toISOString(), cards: [] } as unknown as QueueDto;
  queueStatus = 200;
  forecastTomorrow = 7;
  /** When each answered card is due again; the queue lists answered cards only once they are due. */
  dueAt = new Map<string, number>();
  now: () => number = () => T0;

  /** The queue as the real server builds it at this moment: unanswered cards, and learning cards now due. */
  private currentQueue(): QueueDto {
    const now = this.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const cards = this.queue.cards.flatMap((entry): QueueCardDto[] => {
      const due = this.dueAt.get(entry.id);
      if (due === undefined) return [entry];
      if (due > now) return [];
      return [
        {
          ...entry,
          queue: "learning" as const,
          state: "learning" as const,
          version: this.versions.get(entry.id) ?? 0,
          previews: {
            again: { due: at(STEP_MS[1]!), label: "1m" },
            hard: { due: at(STEP_MS[2]!), label: "6m" },
            good: { due: at(STEP_MS[3]!), label: "10m" },
            easy: { due: at(STEP_MS[4]!), label: "8d" },
          },
        },
      ];
    });
    return this.dueAt.size ? queueOf(cards, now) : this.queue;
  }

  release() {
    for (const run of this.held.splice(0)) run();
  }

  private state(review: Wire, suspended = false): CardStateDto {
    const version = (this.versions.get(review.cardId) ?? 0) + 1;
    this.versions.set(review.cardId, version);
    const step = STEP_MS[review.rating]!;
    this.dueAt.set(review.cardId, Date.parse(review.reviewedAt) + step);
    return {
      id: review.cardId,
      state: step < 86_400_000 ? "learning" : "review",
      due: new Date(Date.parse(review.reviewedAt) + step).toISOString(),
      stability: 1,
      difficulty: 5,
      reps: 1,
      lapses: suspended ? 8 : 0,
      scheduledDays: 0,
      learningSteps: 1,
      lastReview: review.reviewedAt,
      version,
      suspended,
    } as CardStateDto;
  }

  fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    if (!this.online) throw new TypeError("Failed to fetch");
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    if (url.startsWith("/api/review/queue")) {
      return this.queueStatus === 200 ? jsonResponse(200, this.currentQueue()) : jsonResponse(this.queueStatus, { error: { code: "unauthorized" } });
    }
    if (url === "/api/review") {
      const review = body as unknown as Wire;
      if (review.cardId === this.holdCard) await new Promise<void>((resolve) => this.held.push(resolve));
      this.received.push(review);
      this.lastAnswered = { cardId: review.cardId, version: this.versions.get(review.cardId) ?? 0 };
      return jsonResponse(200, { card: this.state(review, review.cardId === this.leechCard) });
    }
    if (url === "/api/review/sync") {
      const reviews = (body as { reviews: Wire[] }).reviews;
      this.received.push(...reviews);
      return jsonResponse(200, {
        results: reviews.map((review) => ({ idempotencyKey: review.idempotencyKey, status: "applied", card: this.state(review) })),
      });
    }
    if (url === "/api/review/undo") {
      this.undoRequests++;
      const last = this.lastAnswered!;
      const version = (this.versions.get(last.cardId) ?? 0) + 1;
      this.versions.set(last.cardId, version);
      return jsonResponse(200, { undone: { cardId: last.cardId }, card: { id: last.cardId, state: "new", due: new Date(T0).toISOString(), version } });
    }
    if (url === "/api/review/card") {
      const cardId = String(body.cardId);
      return jsonResponse(200, { card: { id: cardId, state: "relearning", due: new Date(T0).toISOString(), version: this.versions.get(cardId) ?? 0 } });
    }
    if (url.endsWith("/stats")) return jsonResponse(200, { forecast: [0, this.forecastTomorrow] });
    if (url.includes("/source?")) return jsonResponse(200, { paragraphs: [{ anchor: "p-1", text: "The whole paragraph." }] });
    return jsonResponse(404, {});
  };
}

function queueOf(cards: QueueCardDto[], at = T0): QueueDto {
  return { generatedAt: new Date(at).toISOString(), cards } as unknown as QueueDto;
}

/** Lets every pending promise chain (outbox flushes, fetches) run to its end. */
async function settle() {
  for (let round = 0; round < 30; round++) await new Promise((resolve) => setImmediate(resolve));
}

function harness(options: { server?: FakeServer; entries?: Map<string, OutboxEntry>; saved?: CachedQueue; initialQueue?: QueueDto | null; extra?: "ahead" | "new" } = {}) {
  const server = options.server ?? new FakeServer();
  const clock = { now: T0 };
  server.now = () => clock.now;
  const store = memoryOutboxStore();
  if (options.entries) for (const [key, entry] of options.entries) store.entries.set(key, entry);
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const schedule = (run: () => void, delay: number) => {
    const timer = { at: clock.now + delay, run, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  const outbox = new Outbox({ store, fetch: (url, init) => server.fetch(url, init), now: () => clock.now, isOnline: () => server.online, schedule, random: () => 0.5 });
  const saved = new Map<string, CachedQueue>(options.saved ? [[options.saved.id, options.saved]] : []);
  const focus: FocusTarget[] = [];
  let keys = 0;
  let signedOut = 0;
  const tallies = new Map<string, string>();
  const controller = new ReviewController({
    userId: "u1",
    course: "c",
    lesson: null,
    extra: options.extra ?? null,
    initialQueue: options.initialQueue === undefined ? server.queue : options.initialQueue,
    initialParagraphs: {},
    outbox: () => outbox,
    fetch: (url, init) => server.fetch(url, init),
    now: () => clock.now,
    isOnline: () => server.online,
    savedQueues: {
      load: async (_user, id) => saved.get(id),
      save: async (_user, cached) => void saved.set(cached.id, cached),
    },
    tallies: { read: (key) => tallies.get(key) ?? null, write: (key, value) => void tallies.set(key, value) },
    schedule,
    newKey: () => `key-${++keys}`,
    marks: { write: () => undefined, releaseHold: () => undefined },
    onSignedOut: () => void signedOut++,
    onFocus: (target) => void focus.push(target),
  });
  /** Moves the clock, running the timers that fall due (the learning-card wake-up among them). */
  const advanceTo = (at: number) => {
    clock.now = at;
    for (const timer of timers.splice(0)) {
      if (timer.cancelled) continue;
      if (timer.at <= at) timer.run();
      else timers.push(timer);
    }
  };
  const current = () => controller.getState().session.current?.id ?? null;
  const answer = (rating: 1 | 2 | 3 | 4) => {
    controller.reveal();
    controller.answer(rating);
  };
  return { server, clock, store, outbox, saved, controller, focus, current, answer, advanceTo, signedOut: () => signedOut, tallies };
}

describe("review controller", () => {
  it("shows the page's queue once the outbox is read, and not before", async () => {
    const server = new FakeServer();
    server.queue = queueOf([card("a"), card("b")]);
    const { controller, current } = harness({ server });
    expect(controller.getState().phase).toBe("provisional");
    controller.reveal();
    expect(controller.getState().revealed).toBe(false);
    await controller.start();
    expect(controller.getState().phase).toBe("ready");
    expect(current()).toBe("a");
  });

  it("orders learning cards by their answer times when the last answer is still unconfirmed", async () => {
    const server = new FakeServer();
    const ids = Array.from({ length: 16 }, (_, index) => `c${index}`);
    server.queue = queueOf(ids.map((id) => card(id)));
    server.holdCard = "c15";
    const { controller, current, answer, clock, advanceTo } = harness({ server });
    await controller.start();
    for (const [index, id] of ids.entries()) {
      clock.now = T0 + index * 5000;
      expect(current()).toBe(id);
      answer(3);
      await settle();
    }
    // 15 answers confirmed by the server (due from their own times), the last one still on its way.
    expect(server.received.map((review) => review.cardId)).toEqual(ids.slice(0, 15));
    // The card answered first comes back first; the one just answered waits its full step.
    expect(current()).toBe("c0");
    const shown: string[] = [];
    for (let step = 0; step < 4; step++) {
      shown.push(current()!);
      advanceTo(T0 + 10 * 60_000 + step * 5000);
      answer(3);
      await settle();
    }
    expect(shown).toEqual(["c0", "c1", "c2", "c3"]);
    server.release();
    await settle();
    const waiting = controller.getState().session.requeue.map((entry) => entry.card.id);
    expect(waiting.indexOf("c15")).toBeGreaterThan(waiting.indexOf("c4"));
  });

  it("a fresh queue fetched while an answer is unconfirmed does not bring that card back", async () => {
    const server = new FakeServer();
    server.queue = queueOf(["a", "b", "c", "d", "e", "f"].map((id) => card(id)));
    server.holdCard = "a";
    const { controller, current, answer, clock } = harness({ server });
    await controller.start();
    answer(4);
    await settle();
    clock.now = T0 + 60_000;
    // The server has not seen the answer yet, so its queue still lists the card.
    await controller.refresh();
    const { session } = controller.getState();
    expect(current()).toBe("b");
    expect([...session.main.map((entry) => entry.id), ...session.requeue.map((entry) => entry.card.id)]).not.toContain("a");
  });

  it("undo of a confirmed answer restores the card, asks the server, and the next answer carries the server's version", async () => {
    const server = new FakeServer();
    server.queue = queueOf([card("a"), card("b")]);
    const { controller, current, answer, clock } = harness({ server });
    await controller.start();
    answer(3);
    await settle();
    expect(server.versions.get("a")).toBe(1);
    expect(current()).toBe("b");
    clock.now = T0 + 2000;
    await controller.undo();
    expect(current()).toBe("a");
    expect(controller.getState().session.current?.versionUnknown).toBe(true);
    expect(controller.getState().totals.reviewed).toBe(0);
    await settle();
    expect(server.undoRequests).toBe(1);
    expect(controller.getState().session.current).toMatchObject({ id: "a", version: 2, versionUnknown: false });
    expect(controller.getState().session.main.map((entry) => entry.id)).toEqual(["b"]);
    answer(3);
    await settle();
    expect(server.received.at(-1)).toMatchObject({ cardId: "a", version: 2 });
  });

  it("undo of an answer still on the device takes it out there: the server never hears of it", async () => {
    const server = new FakeServer();
    server.queue = queueOf([card("a"), card("b")]);
    const { controller, current, answer, store } = harness({ server });
    await controller.start();
    server.online = false;
    answer(1);
    await settle();
    await controller.undo();
    await settle();
    expect(current()).toBe("a");
    expect(controller.getState().session.current).toMatchObject({ version: 0, versionUnknown: false });
    expect(store.entries.size).toBe(0);
    server.online = true;
    await settle();
    expect(server.received).toEqual([]);
    expect(server.undoRequests).toBe(0);
  });

  it("offline: starts from the saved queue, and a reload keeps answered cards out and brings learning ones back at their step", async () => {
    const server = new FakeServer();
    server.online = false;
    const saved: CachedQueue = { id: "c", savedAt: new Date(T0).toISOString(), queue: queueOf([card("a"), card("b"), card("c")]), paragraphs: { "p-1": "Saved paragraph." } };
    const first = harness({ server, saved, initialQueue: null });
    await first.controller.start();
    expect(first.controller.getState().phase).toBe("ready");
    expect(first.controller.getState().paragraphs).toEqual({ "p-1": "Saved paragraph." });
    first.clock.now = T0 + 1000;
    first.answer(1); // a: again in 1 minute
    first.clock.now = T0 + 2000;
    first.answer(3); // b: good in 10 minutes
    await first.controller.undo(); // b taken back on the device
    first.answer(4); // b: easy, leaves today's session
    await settle();
    first.controller.dispose();

    // The page is reloaded, still offline: the outbox is what survives.
    const second = harness({ server, saved, initialQueue: null, entries: first.store.entries });
    second.clock.now = T0 + 5000;
    await second.controller.start();
    const { session } = second.controller.getState();
    expect(second.current()).toBe("c");
    expect(session.main).toEqual([]);
    expect(session.requeue.map((entry) => [entry.card.id, entry.showAt])).toEqual([["a", T0 + 1000 + 60_000]]);

    // Back online: both answers go in one batch with the times they were given, in order.
    server.online = true;
    await second.outbox.flush();
    await settle();
    expect(server.received.map((review) => [review.cardId, review.rating, review.reviewedAt])).toEqual([
      ["a", 1, new Date(T0 + 1000).toISOString()],
      ["b", 4, new Date(T0 + 2000).toISOString()],
    ]);
    expect(second.controller.getState().session.requeue.map((entry) => [entry.card.id, entry.card.version])).toEqual([["a", 1]]);
  });

  it("a reload while the server is unreachable shows nothing to answer when no copy was ever saved", async () => {
    const server = new FakeServer();
    server.online = false;
    const { controller } = harness({ server, initialQueue: null });
    await controller.start();
    expect(controller.getState().phase).toBe("unavailable");
  });

  it("a queue fetch that finds the session ended sends the student to sign in", async () => {
    const server = new FakeServer();
    server.queueStatus = 401;
    const { controller, signedOut } = harness({ server, initialQueue: null });
    await controller.start();
    expect(signedOut()).toBe(1);
    expect(controller.getState().phase).toBe("loading");
  });

  it("a leech leaves the session with its passage shown, and 'keep studying' brings it back", async () => {
    const server = new FakeServer();
    server.queue = queueOf([card("a"), card("b")]);
    server.leechCard = "a";
    const { controller, current, answer } = harness({ server });
    await controller.start();
    answer(1);
    await settle();
    const notice = controller.getState().notice;
    expect(notice?.leech?.card.id).toBe("a");
    // The paragraph the card cites, fetched with the queue kept for offline use.
    expect(notice?.leech?.passage).toBe("The whole paragraph.");
    expect(controller.getState().session.requeue).toEqual([]);
    expect(current()).toBe("b");
    await controller.keepStudying(notice!.leech!);
    expect(controller.getState().session.requeue.map((entry) => entry.card.id)).toEqual(["a"]);
    expect(controller.getState().notice?.text).toMatch(/Kept in study/);
  });

  it("the end of a session asks the server for tomorrow's count once every answer is in, and keeps the tally", async () => {
    const server = new FakeServer();
    server.queue = queueOf([card("a", { goodIn: 2 * 86_400_000 })]);
    const { controller, answer, focus, tallies } = harness({ server });
    await controller.start();
    answer(3);
    expect(focus.at(-1)).toBe("summary");
    await settle();
    expect(controller.getState().serverTomorrow).toBe(7);
    expect(controller.getState().totals).toMatchObject({ reviewed: 1, firstTime: 1, again: 0 });
    expect(JSON.parse(tallies.get("retain-session:c:*")!)).toMatchObject({ reviewed: 1 });
  });

  it("extra study never refreshes into today's queue", async () => {
    const server = new FakeServer();
    server.queue = queueOf([card("x")]);
    const { controller, current } = harness({ server, initialQueue: null, extra: "ahead" });
    await controller.start();
    expect(current()).toBe("x");
    server.queue = queueOf([card("x"), card("y")]);
    await controller.refresh();
    expect(controller.getState().session.main).toEqual([]);
  });
});
