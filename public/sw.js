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
 *
 * Saved pages belong to one user: they are kept in a cache named after the signed-in user (the page
 * says who, with "cache-pages"), and every saved page is forgotten when the user changes, at sign-out
 * ("forget-pages", sent by the sign-out button), and whenever the browser is shown the sign-in or
 * sign-up page (a sign-out without JavaScript ends there). A device offline after student A signed
 * out shows no page of A's.
 */
const VERSION = "retain-sw-1";
const STATIC_CACHE = `${VERSION}-static`;
const PAGES_PREFIX = `${VERSION}-pages`;
const META_CACHE = `${VERSION}-meta`;
const USER_KEY = "/__retain-sw/user";
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
      // Older versions' caches go, and with them the unkeyed page cache of earlier releases.
      .then((keys) => Promise.all(keys.filter((key) => !key.startsWith(VERSION) || key === PAGES_PREFIX).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** The user whose pages are saved (null when none): kept in a cache, since a worker's memory does not last. */
async function currentUser() {
  const hit = await (await caches.open(META_CACHE)).match(USER_KEY);
  return hit ? (await hit.text()) || null : null;
}

/** Forgets every saved page and whose they were. */
async function forgetPages() {
  const keys = await caches.keys();
  await Promise.all(keys.filter((key) => key.startsWith(PAGES_PREFIX)).map((key) => caches.delete(key)));
  await (await caches.open(META_CACHE)).delete(USER_KEY);
}

/** The cache for this user's pages; another user's pages are forgotten first. */
async function pagesCacheFor(user) {
  if (typeof user !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(user)) return null;
  if ((await currentUser()) !== user) {
    await forgetPages();
    await (await caches.open(META_CACHE)).put(USER_KEY, new Response(user));
  }
  return caches.open(`${PAGES_PREFIX}-${user}`);
}

async function currentPagesCache() {
  const user = await currentUser();
  return user ? caches.open(`${PAGES_PREFIX}-${user}`) : null;
}

function isSignInPage(url) {
  return url.pathname === "/signin" || url.pathname === "/signup";
}

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
  const saved = async () => {
    const cache = await currentPagesCache();
    return cache && ((await cache.match(pageKey(url))) || (await cache.match(pageKey(url), { ignoreSearch: true })));
  };
  try {
    const response = await fetch(request);
    // Signed out (or about to sign in as someone else): nothing saved may outlive that.
    if (isSignInPage(url) && response.ok) await forgetPages();
    else if (isStudentPage(url)) {
      const cache = await currentPagesCache();
      if (cache && response.ok && response.type === "basic") await cache.put(pageKey(url), response.clone());
      // A student page that redirects means the session ended: forget what this user's pages showed.
      else if (response.type === "opaqueredirect" || response.status === 401) await forgetPages();
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

async function savePages(urls, user) {
  const cache = await pagesCacheFor(user);
  if (!cache) return;
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
  if (data.type === "cache-pages" && Array.isArray(data.urls)) event.waitUntil(savePages(data.urls, data.user));
  else if (data.type === "cache-assets" && Array.isArray(data.urls)) event.waitUntil(saveAssets(data.urls));
  else if (data.type === "forget-pages") event.waitUntil(forgetPages());
  else if (data.type === "saved-copy?" && event.source) {
    const savedAt = servedCopies.get(event.source.id);
    event.source.postMessage({ type: "saved-copy", savedAt: savedAt === undefined ? null : savedAt });
  }
});
