"use client";

import { writeMarks } from "./marks";
import { createLocalLock, Outbox } from "./outbox";
import { idbOutboxStore } from "./store";

/**
 * The page's one outbox (browser only). Across tabs, the Web Locks API keeps two tabs from sending
 * the same answers at once (idempotency keys would make that harmless, but it wastes requests).
 */
const outboxes = new Map<string, Outbox>();

/** The outbox of this signed-in user (one IndexedDB database each). */
export function getOutbox(userId: string): Outbox {
  const existing = outboxes.get(userId);
  if (existing) return existing;
  const local = createLocalLock();
  const outbox = new Outbox({
    store: idbOutboxStore(userId),
    fetch: (input, init) => fetch(input, init),
    isOnline: () => navigator.onLine,
    lock: (run) =>
      typeof navigator !== "undefined" && navigator.locks
        ? navigator.locks.request(`retain-outbox:${userId}`, () => run())
        : local(run),
    // Read synchronously by the review page's inline script before its server-rendered card paints.
    onEntries: (entries) => writeMarks(userId, entries),
  });
  outboxes.set(userId, outbox);
  return outbox;
}

const started = new Set<string>();

/** Sends what is waiting now, when the browser comes back online, when the tab is shown, and every 30 s. */
export function startBackgroundSync(userId: string): void {
  if (started.has(userId) || typeof window === "undefined") return;
  started.add(userId);
  const box = getOutbox(userId);
  window.addEventListener("online", () => box.wake());
  window.addEventListener("offline", () => void box.flush());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") box.wake();
  });
  window.setInterval(() => box.flushSoon(), 30_000);
  box.wake();
}
