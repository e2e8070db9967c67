/**
 * public/sw.js in a sandbox with an in-memory Cache Storage and a scripted network: what a device
 * shows offline after one student signs out (issue 17, item 8: "Hello, Alice" outlived sign-out).
 */
import fs from "node:fs";
import vm from "node:vm";
import { beforeEach, describe, expect, test } from "vitest";

const ORIGIN = "https://retain.test";

class MemoryCache {
  readonly entries = new Map<string, Response>();
  async put(key: string | { url: string }, response: Response) {
    this.entries.set(typeof key === "string" ? key : key.url, response);
  }
  async match(key: string | { url: string }, options: { ignoreSearch?: boolean } = {}) {
    const wanted = new URL(typeof key === "string" ? key : key.url, ORIGIN);
    for (const [stored, response] of this.entries) {
      const url = new URL(stored, ORIGIN);
      const same = options.ignoreSearch ? url.origin + url.pathname === wanted.origin + wanted.pathname : url.href === wanted.href;
      if (same) return response.clone();
    }
    return undefined;
  }
  async delete(key: string) {
    return this.entries.delete(new URL(key, ORIGIN).href) || this.entries.delete(key);
  }
  async addAll() {}
}

class MemoryCacheStorage {
  readonly stores = new Map<string, MemoryCache>();
  async open(name: string) {
    let cache = this.stores.get(name);
    if (!cache) this.stores.set(name, (cache = new MemoryCache()));
    return cache;
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  async match(key: string) {
    for (const cache of this.stores.values()) {
      const hit = await cache.match(key);
      if (hit) return hit;
    }
    return undefined;
  }
}

/** A same-origin response as a browser's fetch gives it (type "basic"). */
function page(text: string, status = 200): Response {
  const response = new Response(text, { status, headers: { date: new Date().toUTCString() } });
  Object.defineProperty(response, "type", { value: "basic" });
  return response;
}

type Listener = (event: Record<string, unknown>) => void;

function loadWorker() {
  const listeners = new Map<string, Listener>();
  const caches = new MemoryCacheStorage();
  const network = { online: true, pages: new Map<string, string>() };
  const context = {
    self: {
      location: new URL(ORIGIN),
      addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
      skipWaiting: async () => {},
      clients: { claim: async () => {} },
    },
    caches,
    fetch: async (input: string | { url: string }) => {
      if (!network.online) throw new TypeError("Failed to fetch");
      const url = new URL(typeof input === "string" ? input : input.url, ORIGIN);
      return page(network.pages.get(url.pathname) ?? "not found", network.pages.has(url.pathname) ? 200 : 404);
    },
    URL,
    Response,
    Date,
  };
  vm.runInNewContext(fs.readFileSync("public/sw.js", "utf8"), context);

  async function message(data: unknown) {
    let work: Promise<unknown> = Promise.resolve();
    listeners.get("message")!({ data, waitUntil: (promise: Promise<unknown>) => (work = promise) });
    await work;
  }
  async function navigate(path: string): Promise<string> {
    let answer: Promise<Response> | undefined;
    listeners.get("fetch")!({
      request: { method: "GET", url: `${ORIGIN}${path}`, mode: "navigate", headers: new Headers() },
      respondWith: (promise: Promise<Response>) => (answer = promise),
    });
    return (await answer!).text();
  }
  return { caches, network, message, navigate };
}

describe("service worker: saved pages belong to the signed-in user", () => {
  let worker: ReturnType<typeof loadWorker>;

  beforeEach(async () => {
    worker = loadWorker();
    await (await worker.caches.open("retain-sw-1-static")).put(`${ORIGIN}/offline.html`, page("You are offline"));
    worker.network.pages.set("/dashboard", "Hello, Alice");
    worker.network.pages.set("/signin", "Sign in");
    await worker.message({ type: "cache-pages", urls: ["/dashboard"], user: "alice" });
  });

  test("offline, the signed-in student sees her saved page", async () => {
    worker.network.online = false;
    expect(await worker.navigate("/dashboard")).toBe("Hello, Alice");
  });

  test("after sign-out (the button's forget-pages), nothing of hers is shown offline", async () => {
    await worker.message({ type: "forget-pages" });
    worker.network.online = false;
    expect(await worker.navigate("/dashboard")).toBe("You are offline");
  });

  test("a sign-out without JavaScript ends on the sign-in page, which forgets the saved pages too", async () => {
    expect(await worker.navigate("/signin")).toBe("Sign in");
    worker.network.online = false;
    expect(await worker.navigate("/dashboard")).toBe("You are offline");
  });

  test("when another student saves pages on the device, the first one's are gone", async () => {
    worker.network.pages.set("/dashboard", "Hello, Bob");
    await worker.message({ type: "cache-pages", urls: ["/dashboard"], user: "bob" });
    expect([...worker.caches.stores.keys()].filter((name) => name.includes("pages"))).toEqual(["retain-sw-1-pages-bob"]);
    worker.network.online = false;
    expect(await worker.navigate("/dashboard")).toBe("Hello, Bob");
  });

  test("pages are not saved without a user", async () => {
    await worker.message({ type: "forget-pages" });
    await worker.message({ type: "cache-pages", urls: ["/dashboard"] });
    worker.network.online = false;
    expect(await worker.navigate("/dashboard")).toBe("You are offline");
  });
});
