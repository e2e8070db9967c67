import { describe, expect, it, vi } from "vitest";
import { backoffDelay, MAX_BACKOFF_MS, Outbox, type SendResult } from "@/lib/offline/outbox";
import { memoryOutboxStore } from "@/lib/offline/store";
import { card, jsonResponse, T0 } from "./support";

type Call = { url: string; body: unknown };

function setup(respond: (call: Call) => Response | Promise<Response>, options: { online?: () => boolean } = {}) {
  const store = memoryOutboxStore();
  const calls: Call[] = [];
  const timers: { run: () => void; delay: number }[] = [];
  let now = T0;
  const outbox = new Outbox({
    store,
    fetch: async (url, init) => {
      const call = { url, body: JSON.parse(String(init.body)) };
      calls.push(call);
      return respond(call);
    },
    now: () => now,
    isOnline: options.online ?? (() => true),
    schedule: (run, delay) => {
      timers.push({ run, delay });
      return () => undefined;
    },
    random: () => 0.5,
  });
  const results: SendResult[] = [];
  outbox.onResult((result) => results.push(result));
  return { store, calls, timers, outbox, results, tick: (ms: number) => (now += ms) };
}

const stateDto = (id: string, version: number) => ({
  id,
  state: "learning",
  due: new Date(T0 + 600_000).toISOString(),
  stability: 1,
  difficulty: 5,
  reps: 1,
  lapses: 0,
  scheduledDays: 0,
  learningSteps: 1,
  lastReview: new Date(T0).toISOString(),
  version,
  suspended: false,
});

describe("outbox", () => {
  it("sends one answer to POST /api/review with its idempotency key, time and version", async () => {
    const { outbox, calls, store, results } = setup(() => jsonResponse(200, { card: stateDto("a", 1) }));
    const entry = await outbox.addAnswer({ course: "c", card: card("a"), rating: 3, durationMs: 1234.4 });
    await outbox.flush();
    expect(calls).toEqual([
      {
        url: "/api/review",
        body: { cardId: "a", rating: 3, idempotencyKey: entry.key, reviewedAt: new Date(T0).toISOString(), version: 0, durationMs: 1234 },
      },
    ]);
    expect((await store.get(entry.key))?.status).toBe("sent");
    expect(results[0]).toMatchObject({ kind: "answer", outcome: "applied" });
    expect(await outbox.summary()).toEqual({ pending: 0, rejected: 0, blocked: null });
  });

  it("keeps answers while offline and sends them as one batch to /api/review/sync", async () => {
    let online = false;
    const { outbox, calls, store } = setup(
      (call) => {
        const reviews = (call.body as { reviews: { idempotencyKey: string; cardId: string }[] }).reviews;
        return jsonResponse(200, {
          results: reviews.map((review, index) =>
            index === 1
              ? { idempotencyKey: review.idempotencyKey, status: "rejected", error: { code: "conflict", message: "stale" } }
              : { idempotencyKey: review.idempotencyKey, status: "applied", card: stateDto(review.cardId, 1) },
          ),
        });
      },
      { online: () => online },
    );
    for (const id of ["a", "b", "c"]) await outbox.addAnswer({ course: "c", card: { ...card(id), versionUnknown: id === "c" }, rating: 3 });
    await outbox.flush();
    expect(calls).toHaveLength(0);
    expect(await outbox.summary()).toEqual({ pending: 3, rejected: 0, blocked: "offline" });

    online = true;
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe("/api/review/sync");
    const sent = (calls[0]!.body as { reviews: Record<string, unknown>[] }).reviews;
    expect(sent.map((review) => review.cardId)).toEqual(["a", "b", "c"]);
    expect(sent[2]).not.toHaveProperty("version");
    const statuses = (await store.all()).sort((x, y) => x.seq - y.seq).map((entry) => entry.status);
    expect(statuses).toEqual(["sent", "rejected", "sent"]);
    expect(await outbox.summary()).toEqual({ pending: 0, rejected: 1, blocked: null });
  });

  it("retries network errors and 5xx with growing delays, and not 4xx", async () => {
    let attempt = 0;
    const { outbox, timers, store } = setup(() => {
      attempt += 1;
      if (attempt === 1) throw new TypeError("Failed to fetch");
      if (attempt === 2) return jsonResponse(503, { error: { code: "unavailable", message: "down" } });
      return jsonResponse(400, { error: { code: "invalid_input", message: "bad" } });
    });
    vi.spyOn(outbox, "flushSoon").mockImplementation(() => undefined);
    const entry = await outbox.addAnswer({ course: "c", card: card("a"), rating: 3 });
    await outbox.flush();
    expect(timers.map((timer) => timer.delay)).toEqual([backoffDelay(1, () => 0.5)]);
    await outbox.flush();
    expect(timers[1]!.delay).toBe(backoffDelay(2, () => 0.5));
    expect(timers[1]!.delay).toBeGreaterThan(timers[0]!.delay);
    expect((await store.get(entry.key))?.status).toBe("pending");
    await outbox.flush();
    expect((await store.get(entry.key))?.status).toBe("rejected");
    expect(backoffDelay(50, () => 1)).toBe(MAX_BACKOFF_MS);
  });

  it("pauses on 401 and keeps the answer", async () => {
    const { outbox, store, timers } = setup(() => jsonResponse(401, { error: { code: "unauthorized", message: "Sign in" } }));
    const entry = await outbox.addAnswer({ course: "c", card: card("a"), rating: 3 });
    await outbox.flush();
    expect((await store.get(entry.key))?.status).toBe("pending");
    expect(timers).toHaveLength(0);
    expect((await outbox.summary()).blocked).toBe("signed-out");
  });

  it("undo removes an unsent answer locally, and queues an undo request for a sent one", async () => {
    const { outbox, calls, store, results } = setup((call) =>
      call.url === "/api/review/undo"
        ? jsonResponse(200, { undone: { logId: "l", cardId: "a", rating: 3 }, card: stateDto("a", 2) })
        : jsonResponse(200, { card: stateDto("a", 1) }),
    );
    const autoFlush = vi.spyOn(outbox, "flushSoon").mockImplementation(() => undefined);
    const offline = await outbox.addAnswer({ course: "c", card: card("b"), rating: 1 });
    expect(await outbox.undoAnswer(offline.key)).toBe("local");
    expect(await store.get(offline.key)).toBeUndefined();
    autoFlush.mockRestore();

    const sent = await outbox.addAnswer({ course: "c", card: card("a"), rating: 3 });
    await outbox.flush();
    expect(calls.map((call) => call.url)).toEqual(["/api/review"]);
    expect(await outbox.undoAnswer(sent.key)).toBe("server");
    await outbox.flush();
    expect(calls.map((call) => call.url)).toEqual(["/api/review", "/api/review/undo"]);
    expect(calls[1]!.body).toEqual({ course: "c" });
    expect(results.at(-1)).toMatchObject({ kind: "undo", outcome: "undone", cardId: "a" });
    expect(await outbox.undoAnswer("unknown")).toBe("none");
  });

  it("sends an undo in order: answers before it first, then the undo, then later answers", async () => {
    let online = false;
    const { outbox, calls } = setup(
      (call) => {
        if (call.url === "/api/review/undo") return jsonResponse(200, { undone: { logId: "l", cardId: "a", rating: 3 }, card: stateDto("a", 2) });
        if (call.url === "/api/review") return jsonResponse(200, { card: stateDto("x", 1) });
        const reviews = (call.body as { reviews: { idempotencyKey: string; cardId: string }[] }).reviews;
        return jsonResponse(200, { results: reviews.map((review) => ({ idempotencyKey: review.idempotencyKey, status: "applied", card: stateDto(review.cardId, 1) })) });
      },
      { online: () => online },
    );
    online = true;
    const first = await outbox.addAnswer({ course: "c", card: card("a"), rating: 3 });
    await outbox.flush();
    online = false;
    await outbox.addAnswer({ course: "c", card: card("b"), rating: 3 });
    await outbox.addAnswer({ course: "c", card: card("c"), rating: 3 });
    // Take back "a" (sent) while "b" and "c" wait: the undo goes behind them.
    vi.spyOn(outbox, "flushSoon").mockImplementation(() => undefined);
    await outbox.undoAnswer(first.key);
    await outbox.addAnswer({ course: "c", card: card("d"), rating: 3 });
    online = true;
    await outbox.flush();
    expect(calls.map((call) => call.url)).toEqual(["/api/review", "/api/review/sync", "/api/review/undo", "/api/review"]);
  });
});
