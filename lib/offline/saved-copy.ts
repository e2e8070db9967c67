/**
 * The service worker knows which windows it served a saved copy of a page to (public/sw.js, after a
 * failed or refused network fetch); a page asks it once. Browser only.
 */

type Reply = { type?: string; savedAt?: string | null };

/** How long a page waits for the worker's reply before taking itself for a copy (the cautious answer). */
const REPLY_TIMEOUT_MS = 1_000;

/**
 * When this window's page is a saved copy: the time it was saved ("" when unknown); null when the
 * network served it; undefined when no worker could say (none controls the page, or no reply in time).
 */
export function askSavedCopy(timeoutMs = REPLY_TIMEOUT_MS): Promise<string | null | undefined> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator) || !navigator.serviceWorker.controller) {
    return Promise.resolve(undefined);
  }
  const worker = navigator.serviceWorker;
  return new Promise((resolve) => {
    const done = (value: string | null | undefined) => {
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      resolve(value);
    };
    const onMessage = (event: MessageEvent<Reply>) => {
      if (event.data?.type === "saved-copy") done(typeof event.data.savedAt === "string" ? event.data.savedAt : null);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    worker.addEventListener("message", onMessage);
    worker.controller!.postMessage({ type: "saved-copy?" });
  });
}

/** Navigations older than this are not this page's arrival (a client-side navigation came later). */
const NAVIGATION_RECENT_MS = 30_000;

/**
 * Whether the server rendered this page for this visit, and when it arrived on the device's clock
 * (the middle of the document's request, or now after a client-side navigation, whose data the
 * worker never serves); null when it may be the worker's copy.
 */
export async function freshPageArrival(): Promise<{ receivedAt: number } | null> {
  const controlled = typeof navigator !== "undefined" && "serviceWorker" in navigator && navigator.serviceWorker.controller !== null;
  if (controlled) {
    const savedAt = await askSavedCopy();
    if (savedAt !== null) return null;
  }
  const now = Date.now();
  const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (navigation && navigation.responseStart > 0) {
    const arrival = performance.timeOrigin + (navigation.requestStart + navigation.responseStart) / 2;
    if (now - arrival < NAVIGATION_RECENT_MS) return { receivedAt: arrival };
  }
  return { receivedAt: now };
}
