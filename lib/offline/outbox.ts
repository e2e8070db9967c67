import type { AnswerEntry, CardStateDto, OutboxEntry, OutboxStore, Rating, SessionCard, UndoEntry } from "./types";

/**
 * The outbox: every answer is written here first (with its idempotency key and the time it was
 * given) and sent in the background, in order, so the next card never waits for the network.
 * One pending answer goes to POST /api/review; several (after time offline) go to /api/review/sync
 * in one batch. Network failures and 5xx/429 are retried with exponential backoff; a refused answer
 * (409 stale, 400, 404) is kept as "rejected" and not retried; 401/403 pause sending until the next
 * trigger (page load, coming online). Undo takes an answer still in the outbox out locally; once it
 * was sent, an undo request is queued behind whatever came before it.
 */

export type SendResult =
  | { kind: "answer"; entry: AnswerEntry; outcome: "applied"; card: CardStateDto }
  | { kind: "answer"; entry: AnswerEntry; outcome: "rejected"; message: string; card?: CardStateDto }
  | { kind: "undo"; entry: UndoEntry; outcome: "undone"; cardId: string; card: CardStateDto }
  | { kind: "undo"; entry: UndoEntry; outcome: "rejected"; message: string };

export type OutboxSummary = {
  /** Answers (and undo requests) the server has not seen yet. */
  pending: number;
  /** Answers the server refused; they will not be retried. */
  rejected: number;
  /** Why sending stopped, when it did. */
  blocked: "offline" | "signed-out" | "retrying" | null;
};

export type OutboxOptions = {
  store: OutboxStore;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  now?: () => number;
  isOnline?: () => boolean;
  /** Timer for retries; returns a cancel function. */
  schedule?: (run: () => void, delayMs: number) => () => void;
  /** Serialises flushes and undo (across tabs, in the browser). */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
  random?: () => number;
  requestTimeoutMs?: number;
  /** Told every entry after each change (the browser mirrors a summary into localStorage: lib/offline/marks.ts). */
  onEntries?: (entries: OutboxEntry[]) => void;
};

export const BATCH_LIMIT = 200;
export const MAX_BACKOFF_MS = 60_000;
/** Sent and refused entries are kept this long (a reloaded session still knows what it answered). */
export const KEEP_DONE_MS = 36 * 60 * 60_000;

type ErrorBody = { error?: { code?: string; message?: string; details?: { card?: CardStateDto } } };

class RetryLater extends Error {}
class SignedOut extends Error {}

export function createLocalLock() {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>): Promise<T> => {
    const result = chain.then(run, run);
    chain = result.catch(() => undefined);
    return result;
  };
}

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

export class Outbox {
  private readonly store: OutboxStore;
  private readonly fetchFn: OutboxOptions["fetch"];
  private readonly now: () => number;
  private readonly isOnline: () => boolean;
  private readonly schedule: NonNullable<OutboxOptions["schedule"]>;
  private readonly lock: NonNullable<OutboxOptions["lock"]>;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly onEntries: OutboxOptions["onEntries"];
  private readonly listeners = new Set<(summary: OutboxSummary) => void>();
  private readonly resultListeners = new Set<(result: SendResult) => void>();
  private attempt = 0;
  private cancelRetry: (() => void) | null = null;
  private blocked: OutboxSummary["blocked"] = null;
  private seqCounter = 0;
  /** Server time minus client time, learnt from the queue's `generatedAt`. */
  clockOffsetMs = 0;

  constructor(options: OutboxOptions) {
    this.store = options.store;
    this.fetchFn = options.fetch;
    this.now = options.now ?? (() => Date.now());
    this.isOnline = options.isOnline ?? (() => true);
    this.schedule =
      options.schedule ??
      ((run, delay) => {
        const timer = setTimeout(run, delay);
        return () => clearTimeout(timer);
      });
    this.lock = options.lock ?? createLocalLock();
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.onEntries = options.onEntries;
  }

  /** The client's best guess of the server's clock, so `reviewedAt` is never "in the future". */
  serverNow(): Date {
    return new Date(this.now() + this.clockOffsetMs);
  }

  learnClock(serverTime: string, receivedAt: number = this.now()) {
    const server = Date.parse(serverTime);
    if (Number.isFinite(server)) this.clockOffsetMs = server - receivedAt;
  }

  subscribe(listener: (summary: OutboxSummary) => void): () => void {
    this.listeners.add(listener);
    void this.summary().then(listener, () => undefined);
    return () => this.listeners.delete(listener);
  }

  onResult(listener: (result: SendResult) => void): () => void {
    this.resultListeners.add(listener);
    return () => this.resultListeners.delete(listener);
  }

  async summary(): Promise<OutboxSummary> {
    return this.summarise(await this.store.all());
  }

  private summarise(entries: OutboxEntry[]): OutboxSummary {
    return {
      pending: entries.filter((entry) => entry.status === "pending" && entry.kind === "answer").length,
      rejected: entries.filter((entry) => entry.status === "rejected" && entry.kind === "answer").length,
      blocked: this.blocked,
    };
  }

  private async notify() {
    if (this.listeners.size === 0 && !this.onEntries) return;
    const entries = await this.store.all();
    try {
      this.onEntries?.(entries);
    } catch {
      // A mirror that cannot be written must not stop the outbox.
    }
    if (this.listeners.size === 0) return;
    const summary = this.summarise(entries);
    for (const listener of this.listeners) listener(summary);
  }

  private nextSeq(): number {
    this.seqCounter = (this.seqCounter + 1) % 1000;
    return this.now() * 1000 + this.seqCounter;
  }

  async entries(course?: string): Promise<OutboxEntry[]> {
    const all = await this.store.all();
    return all.filter((entry) => course === undefined || entry.course === course).sort((a, b) => a.seq - b.seq);
  }

  /** Records an answer; returns it at once (sending happens in the background). */
  async addAnswer(input: {
    course: string;
    card: SessionCard;
    rating: Rating;
    durationMs?: number;
    requeueAt?: string;
    key?: string;
  }): Promise<AnswerEntry> {
    const at = this.serverNow().toISOString();
    const entry: AnswerEntry = {
      kind: "answer",
      key: input.key ?? crypto.randomUUID(),
      seq: this.nextSeq(),
      course: input.course,
      status: "pending",
      createdAt: at,
      cardId: input.card.id,
      rating: input.rating,
      reviewedAt: at,
      ...(input.card.versionUnknown ? {} : { version: input.card.version }),
      ...(input.durationMs === undefined ? {} : { durationMs: Math.min(3_600_000, Math.max(0, Math.round(input.durationMs))) }),
      ...(input.requeueAt ? { requeueAt: input.requeueAt } : {}),
      card: input.card,
    };
    await this.store.put(entry);
    await this.notify();
    this.flushSoon();
    return entry;
  }

  /**
   * Takes an answer back: still in the outbox → removed here ("local"); already sent → an undo
   * request is queued ("server"); unknown or refused → "none".
   */
  async undoAnswer(key: string): Promise<"local" | "server" | "none"> {
    const outcome = await this.lock(async () => {
      const entry = await this.store.get(key);
      if (!entry || entry.kind !== "answer" || entry.status === "rejected") return "none" as const;
      if (entry.status === "pending") {
        await this.store.delete(key);
        return "local" as const;
      }
      const undo: UndoEntry = {
        kind: "undo",
        key: `undo:${crypto.randomUUID()}`,
        seq: this.nextSeq(),
        course: entry.course,
        status: "pending",
        createdAt: this.serverNow().toISOString(),
      };
      await this.store.put(undo);
      return "server" as const;
    });
    await this.notify();
    if (outcome === "server") this.flushSoon();
    return outcome;
  }

  private flushQueued = false;

  /** Coalesces triggers into one flush on the next tick. */
  flushSoon() {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      void this.flush();
    });
  }

  /** Call when the browser comes online or the page loads: retries at once. */
  wake() {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.attempt = 0;
    this.blocked = null;
    this.flushSoon();
  }

  /** Sends everything pending, in order, until done or until something has to wait. */
  async flush(): Promise<void> {
    if (!this.isOnline()) {
      this.blocked = "offline";
      await this.notify();
      return;
    }
    try {
      await this.lock(() => this.sendAll());
      this.attempt = 0;
      this.blocked = null;
    } catch (error) {
      if (error instanceof SignedOut) {
        this.blocked = "signed-out";
      } else {
        this.attempt += 1;
        this.blocked = this.isOnline() ? "retrying" : "offline";
        this.cancelRetry?.();
        this.cancelRetry = this.schedule(() => {
          this.cancelRetry = null;
          void this.flush();
        }, backoffDelay(this.attempt, this.random));
      }
    }
    await this.notify();
  }

  private async sendAll(): Promise<void> {
    await this.prune();
    for (;;) {
      const pending = (await this.store.all()).filter((entry) => entry.status === "pending").sort((a, b) => a.seq - b.seq);
      const head = pending[0];
      if (!head) return;
      if (head.kind === "undo") {
        await this.sendUndo(head);
        continue;
      }
      const run: AnswerEntry[] = [];
      for (const entry of pending) {
        if (entry.kind !== "answer" || run.length >= BATCH_LIMIT) break;
        run.push(entry);
      }
      if (run.length === 1) await this.sendOne(run[0]!);
      else await this.sendBatch(run);
      await this.notify();
    }
  }

  private async prune() {
    const cutoff = this.now() - KEEP_DONE_MS;
    for (const entry of await this.store.all()) {
      if (entry.status !== "pending" && Date.parse(entry.sentAt ?? entry.createdAt) < cutoff) await this.store.delete(entry.key);
    }
  }

  private async post(path: string, body: unknown): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      return await this.fetchFn(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
      });
    } catch {
      throw new RetryLater("network");
    } finally {
      clearTimeout(timer);
    }
  }

  private async settle(entry: OutboxEntry, status: "sent" | "rejected", error?: string) {
    await this.store.put({ ...entry, status, sentAt: this.serverNow().toISOString(), ...(error ? { error } : {}) } as OutboxEntry);
  }

  private emit(result: SendResult) {
    for (const listener of this.resultListeners) listener(result);
  }

  private static wire(entry: AnswerEntry) {
    return {
      cardId: entry.cardId,
      rating: entry.rating,
      idempotencyKey: entry.key,
      reviewedAt: entry.reviewedAt,
      ...(entry.version === undefined ? {} : { version: entry.version }),
      ...(entry.durationMs === undefined ? {} : { durationMs: entry.durationMs }),
    };
  }

  /** 401/403 wait for the user; 429/5xx are retried; other 4xx are final. */
  private static classify(response: Response): "ok" | "final" | "auth" | "retry" {
    if (response.ok) return "ok";
    if (response.status === 401 || response.status === 403) return "auth";
    if (response.status === 429 || response.status >= 500 || response.status === 408) return "retry";
    return "final";
  }

  private async sendOne(entry: AnswerEntry) {
    const response = await this.post("/api/review", Outbox.wire(entry));
    const kind = Outbox.classify(response);
    if (kind === "auth") throw new SignedOut();
    if (kind === "retry") throw new RetryLater(String(response.status));
    const body = (await response.json().catch(() => ({}))) as { card?: CardStateDto } & ErrorBody;
    if (kind === "ok" && body.card) {
      await this.settle(entry, "sent");
      this.emit({ kind: "answer", entry, outcome: "applied", card: body.card });
      return;
    }
    const message = body.error?.message ?? `Refused (${response.status})`;
    await this.settle(entry, "rejected", message);
    this.emit({ kind: "answer", entry, outcome: "rejected", message, ...(body.error?.details?.card ? { card: body.error.details.card } : {}) });
  }

  private async sendBatch(entries: AnswerEntry[]) {
    const response = await this.post("/api/review/sync", { reviews: entries.map(Outbox.wire) });
    const kind = Outbox.classify(response);
    if (kind === "auth") throw new SignedOut();
    if (kind === "retry") throw new RetryLater(String(response.status));
    if (kind === "final") {
      // One bad answer fails the whole batch's validation: send them one by one to isolate it.
      for (const entry of entries) await this.sendOne(entry);
      return;
    }
    const body = (await response.json()) as {
      results: (
        | { idempotencyKey: string; status: "applied" | "duplicate"; card: CardStateDto }
        | { idempotencyKey: string; status: "rejected"; error: { message: string; details?: { card?: CardStateDto } } }
      )[];
    };
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    for (const result of body.results) {
      const entry = byKey.get(result.idempotencyKey);
      if (!entry) continue;
      if (result.status === "rejected") {
        await this.settle(entry, "rejected", result.error.message);
        this.emit({
          kind: "answer",
          entry,
          outcome: "rejected",
          message: result.error.message,
          ...(result.error.details?.card ? { card: result.error.details.card } : {}),
        });
      } else {
        await this.settle(entry, "sent");
        this.emit({ kind: "answer", entry, outcome: "applied", card: result.card });
      }
    }
  }

  private async sendUndo(entry: UndoEntry) {
    const response = await this.post("/api/review/undo", { course: entry.course });
    const kind = Outbox.classify(response);
    if (kind === "auth") throw new SignedOut();
    if (kind === "retry") throw new RetryLater(String(response.status));
    const body = (await response.json().catch(() => ({}))) as { undone?: { cardId: string }; card?: CardStateDto } & ErrorBody;
    if (kind === "ok" && body.undone && body.card) {
      await this.settle(entry, "sent");
      this.emit({ kind: "undo", entry, outcome: "undone", cardId: body.undone.cardId, card: body.card });
      return;
    }
    const message = body.error?.message ?? `Refused (${response.status})`;
    await this.settle(entry, "rejected", message);
    this.emit({ kind: "undo", entry, outcome: "rejected", message });
  }
}
