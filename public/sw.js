/*
 * Retain's service worker (hand-written, no build step). It keeps the app usable offline:
 * - build assets (/_next/static, icons, manifest): cache first; their names change with their content;
 * - student pages: network first, falling back to the copy saved on the last visit, then /offline.html;
 * - everything under /api/ and React Server Component requests: straight to the network. The review
 *   client keeps today's queue and its unsent answers in IndexedDB (lib/offline), so the API needs no
 *   cache here; a failed RSC request makes Next fall back to a full navigation, which this worker serves.
 * Pages visited by client-side navigation are saved when the page asks (message "cache-pages").
 * A page served from its saved copy (offline, or the server failing) is remembered for the window it
 * opens in; the page asks ("saved-copy?") and says so, with the time the copy was made.
 */
const VERSION = "retain-sw-1";
const STATIC_CACHE = `${VERSION}-static`;
const PAGES_CACHE = `${VERSION}-pages`;
const OFFLINE_URL = "/offline.html";
const PRECACHE = [
  OFFLINE_URL,
  "/offline.js",
  "/fonts/inter-latin-400-normal.woff2",
  "/fonts/inter-latin-700-normal.woff2",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];
/** Window client id → when the saved copy it shows was made (the response's Date header). */
const servedCopies = new Map();
const PAGE_FRESH_MS = 60 * 1000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => !key.startsWith(VERSION)).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/**
 * Pages worth keeping for offline use: the student's own screens, never sign-in or admin pages. Not
 * "/": it only redirects a signed-in user home, and a redirect here means a session ended.
 */
function isStudentPage(url) {
  return url.pathname === "/dashboard" || url.pathname === "/help" || url.pathname.startsWith("/courses/");
}

function isStaticAsset(url) {
  return (
    url.pathname.startsWith("/_next/static/") ||
    url.pathname.startsWith("/icons/") ||
    url.pathname.startsWith("/fonts/") ||
    url.pathname === "/offline.js" ||
    url.pathname === "/manifest.webmanifest" ||
    url.pathname === "/favicon.ico" ||
    url.pathname === OFFLINE_URL
  );
}

function pageKey(url) {
  const key = new URL(url);
  key.hash = "";
  return key.href;
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

function savedCopy(hit, clientId) {
  if (clientId) {
    servedCopies.set(clientId, hit.headers.get("date") || "");
    // A handful of windows at most: forget the oldest.
    if (servedCopies.size > 20) servedCopies.delete(servedCopies.keys().next().value);
  }
  return hit;
}

async function networkFirstPage(request, clientId) {
  const url = new URL(request.url);
  const cache = await caches.open(PAGES_CACHE);
  const saved = async () => (await cache.match(pageKey(url))) || (await cache.match(pageKey(url), { ignoreSearch: true }));
  try {
    const response = await fetch(request);
    if (isStudentPage(url)) {
      if (response.ok && response.type === "basic") await cache.put(pageKey(url), response.clone());
      // A student page that redirects means the session ended: forget what this user's pages showed.
      else if (response.type === "opaqueredirect" || response.status === 401) await caches.delete(PAGES_CACHE);
      // The server is failing (a proxy's 502, an outage page): the saved copy says more than an error.
      else if (response.status >= 500) {
        const hit = await saved();
        if (hit) return savedCopy(hit, clientId);
      }
    }
    return response;
  } catch (error) {
    const hit = await saved();
    if (hit) return savedCopy(hit, clientId);
    const offline = await caches.match(OFFLINE_URL);
    if (offline) return offline;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (request.headers.get("RSC") || url.searchParams.has("_rsc")) return;
  if (isStaticAsset(url)) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (request.mode === "navigate") event.respondWith(networkFirstPage(request, event.resultingClientId));
});

async function savePages(urls) {
  const cache = await caches.open(PAGES_CACHE);
  for (const raw of urls) {
    const url = new URL(raw, self.location.origin);
    if (url.origin !== self.location.origin || !isStudentPage(url)) continue;
    const key = pageKey(url);
    const hit = await cache.match(key);
    const date = hit ? Date.parse(hit.headers.get("date") || "") : NaN;
    if (hit && Date.now() - date < PAGE_FRESH_MS) continue;
    try {
      const response = await fetch(key, { credentials: "same-origin", redirect: "manual", cache: "no-store" });
      if (response.ok && response.type === "basic") await cache.put(key, response);
    } catch {
      // Offline: the copy already saved (if any) stays.
    }
  }
}

async function saveAssets(urls) {
  const cache = await caches.open(STATIC_CACHE);
  for (const raw of urls) {
    const url = new URL(raw, self.location.origin);
    if (url.origin !== self.location.origin || !isStaticAsset(url)) continue;
    if (await cache.match(url.href, { ignoreVary: true })) continue;
    try {
      const response = await fetch(url.href);
      if (response.ok) await cache.put(url.href, response);
    } catch {
      // Try again on the next page.
    }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "cache-pages" && Array.isArray(data.urls)) event.waitUntil(savePages(data.urls));
  else if (data.type === "cache-assets" && Array.isArray(data.urls)) event.waitUntil(saveAssets(data.urls));
  else if (data.type === "forget-pages") event.waitUntil(caches.delete(PAGES_CACHE));
  else if (data.type === "saved-copy?" && event.source) {
    const savedAt = servedCopies.get(event.source.id);
    event.source.postMessage({ type: "saved-copy", savedAt: savedAt === undefined ? null : savedAt });
  }
});
