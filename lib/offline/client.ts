"use client";

import { writeMarks } from "./marks";
import { createLocalLock, Outbox } from "./outbox";
import { idbOutboxStore } from "./store";
import { OUTBOX_USER_HEADER } from "@/lib/contracts";

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
    // Names whose answers these are: the server refuses them under another account's session (a
    // shared device where someone else signed in since), and the outbox waits for its owner.
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set(OUTBOX_USER_HEADER, userId);
      return fetch(input, { ...init, headers });
    },
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

/** Per user with background sync running: how to stop it. */
const started = new Map<string, () => void>();

/** Sends what is waiting now, when the browser comes back online, when the tab is shown, and every 30 s. */
export function startBackgroundSync(userId: string): void {
  if (started.has(userId) || typeof window === "undefined") return;
  const box = getOutbox(userId);
  const online = () => box.wake();
  const offline = () => void box.flush();
  const visible = () => {
    if (document.visibilityState === "visible") box.wake();
  };
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  document.addEventListener("visibilitychange", visible);
  const timer = window.setInterval(() => box.flushSoon(), 30_000);
  started.set(userId, () => {
    window.removeEventListener("online", online);
    window.removeEventListener("offline", offline);
    document.removeEventListener("visibilitychange", visible);
    window.clearInterval(timer);
  });
  box.wake();
}

/**
 * Sign-out: this page stops sending anyone's answers. Unsent ones stay in their owner's database
 * on the device and go out when that user signs in here again.
 */
export function stopAllBackgroundSync(): void {
  for (const stop of started.values()) stop();
  started.clear();
  outboxes.clear();
}
