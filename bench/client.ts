/**
 * Client measurements of the review page (`/courses/<course>/review`) in Debian's Chromium with the
 * launch flags of playwright.config.ts, on a phone-sized viewport:
 *
 * - first-load JS: every same-origin script the page loads until the network is idle, gzipped
 *   (level 6, as `next start` compresses);
 * - tap to next card: with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), from the tap
 *   on "Good" (the event's timestamp) to the first frame that shows the next card;
 * - Lighthouse 12 mobile performance score (its default mobile emulation and simulated throttling).
 *
 * Part of `npm run bench` (skip with --no-client); alone against a running server:
 *   tsx bench/client.ts --base-url http://127.0.0.1:3000 --cookie 'retain.session=…' [--course slug]
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { round, summarise } from "./lib/stats";
import { CHROMIUM_FLAGS, CHROMIUM_PATH, PHONE } from "@/tests/support/chromium";

export const REVIEW_COURSE = "sex-trafficking-challenges";

export type ClientOptions = { baseUrl: string; cookie: string; course?: string; taps?: number; lighthouse?: boolean; log?: (line: string) => void };

export type ClientFigures = {
  url: string;
  firstLoadJs: { gzipBytes?: number; rawBytes?: number; files?: number; largest?: { file: string; gzipBytes: number }[]; note?: string };
  tapToNext: { p50?: number; p90?: number; max?: number; samples?: number; cpuThrottling: number; note?: string };
  lighthouse: { score?: number; metrics?: Record<string, string>; version?: string; note?: string };
};

async function signedInContext(browser: Browser, baseUrl: string, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ ...PHONE, baseURL: baseUrl, serviceWorkers: "block" });
  const separator = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: baseUrl }]);
  return context;
}

async function firstLoadJs(browser: Browser, options: ClientOptions, url: string): Promise<ClientFigures["firstLoadJs"]> {
  const context = await signedInContext(browser, options.baseUrl, options.cookie);
  try {
    const page = await context.newPage();
    const scripts = new Map<string, Promise<Buffer | null>>();
    page.on("response", (response) => {
      const request = response.request();
      if (request.resourceType() !== "script" || !response.url().startsWith(options.baseUrl)) return;
      scripts.set(response.url(), response.body().catch(() => null));
    });
    const response = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    if (!response || response.status() !== 200) return { note: `the review page answered ${response?.status() ?? "nothing"}` };
    // Hydrated and showing a card (or its empty state), plus a moment for chunks loaded right after.
    await page.getByTestId("card-prompt").first().waitFor({ timeout: 20_000 }).catch(() => {});
    await page.waitForTimeout(1_000);
    let raw = 0;
    let gzip = 0;
    const files: { file: string; gzipBytes: number }[] = [];
    for (const [file, body] of scripts) {
      const bytes = await body;
      if (!bytes) continue;
      const compressed = gzipSync(bytes, { level: 6 }).length;
      raw += bytes.length;
      gzip += compressed;
      files.push({ file: new URL(file).pathname, gzipBytes: compressed });
    }
    files.sort((a, b) => b.gzipBytes - a.gzipBytes);
    return { gzipBytes: gzip, rawBytes: raw, files: files.length, largest: files.slice(0, 5) };
  } finally {
    await context.close();
  }
}

/**
 * Runs in the page (a string, so the TypeScript loader's helpers stay out of it): on a tap of
 * "Good", records the event's time and then the time of the first frame that shows the next card.
 */
const TAP_TIMER = `(() => {
  const w = window;
  const onTap = (event) => {
    const button = event.target && event.target.closest ? event.target.closest("button") : null;
    if (w.__pending || !button || !(button.textContent || "").trim().startsWith("Good")) return;
    w.__pending = true;
    w.__taps = (w.__taps || 0) + 1;
    w.__tapAt = event.timeStamp;
    w.__nextAt = undefined;
    const prompt = document.querySelector("[data-testid='card-prompt']");
    const before = prompt ? prompt.textContent : "";
    const check = () => {
      const card = document.querySelector("[data-testid='review-card']");
      const now = document.querySelector("[data-testid='card-prompt']");
      const text = now ? now.textContent : "";
      if (!card || card.getAttribute("data-revealed") === "false" || text !== before) {
        requestAnimationFrame((frame) => { w.__nextAt = frame; w.__pending = false; });
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  };
  // Whichever comes first of the finger touching, the pointer going down and the click.
  for (const type of ["touchstart", "pointerdown", "click"]) window.addEventListener(type, onTap, { capture: true, passive: true });
})()`;

async function tapToNext(browser: Browser, options: ClientOptions, url: string): Promise<ClientFigures["tapToNext"]> {
  const rate = 4;
  const context = await signedInContext(browser, options.baseUrl, options.cookie);
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    const prompt = page.getByTestId("card-prompt").first();
    if (!(await prompt.waitFor({ timeout: 30_000 }).then(() => true, () => false))) return { cpuThrottling: rate, note: "no card to answer on the review page" };
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    // In the page: the tap's event time, and the first frame after the next card is in the DOM.
    await page.evaluate(TAP_TIMER);
    const samples: number[] = [];
    const taps = options.taps ?? 12;
    for (let index = 0; index < taps; index += 1) {
      const reveal = page.getByRole("button", { name: "Show answer" });
      if (!(await reveal.isVisible().catch(() => false))) break;
      await reveal.tap();
      const good = page.getByRole("button", { name: /^Good/ });
      await good.waitFor({ state: "visible", timeout: 10_000 });
      await good.tap();
      const measured = await page
        .waitForFunction(() => {
          const w = window as unknown as { __tapAt?: number; __nextAt?: number };
          return w.__nextAt !== undefined && w.__tapAt !== undefined ? w.__nextAt - w.__tapAt : null;
        }, undefined, { timeout: 10_000 })
        .then((handle) => handle.jsonValue() as Promise<number>)
        .catch(() => null);
      if (measured !== null) samples.push(measured);
      await page.waitForTimeout(150);
    }
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    if (!samples.length) return { cpuThrottling: rate, note: "no answer could be timed" };
    const summary = summarise(samples);
    return { p50: round(summary.p50, 0), p90: round(percentile90(samples), 0), max: round(summary.max, 0), samples: samples.length, cpuThrottling: rate };
  } finally {
    await context.close();
  }
}

function percentile90(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
}

async function lighthouseScore(options: ClientOptions, url: string): Promise<ClientFigures["lighthouse"]> {
  let lighthouse: typeof import("lighthouse").default;
  let launcher: typeof import("chrome-launcher");
  try {
    lighthouse = (await import("lighthouse")).default;
    launcher = await import("chrome-launcher");
  } catch {
    return { note: "lighthouse is not installed (npm i -D -E lighthouse@12.2.3)" };
  }
  const chrome = await launcher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: ["--headless=new", ...CHROMIUM_FLAGS] });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance"],
      extraHeaders: { Cookie: options.cookie },
    });
    if (!result) return { note: "Lighthouse returned no result" };
    const { lhr } = result;
    if (lhr.runtimeError) return { note: `Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}` };
    const score = lhr.categories.performance?.score;
    const metric = (id: string) => lhr.audits[id]?.displayValue ?? "—";
    fs.mkdirSync(path.resolve("bench/results"), { recursive: true });
    fs.writeFileSync(path.resolve("bench/results/lighthouse.json.tmp"), JSON.stringify(lhr));
    return {
      score: score === null || score === undefined ? undefined : Math.round(score * 100),
      version: lhr.lighthouseVersion,
      metrics: { FCP: metric("first-contentful-paint"), LCP: metric("largest-contentful-paint"), TBT: metric("total-blocking-time"), CLS: metric("cumulative-layout-shift"), SI: metric("speed-index") },
      ...(score === null ? { note: "no performance score (see bench/results/lighthouse.json.tmp)" } : {}),
    };
  } catch (error) {
    return { note: `Lighthouse could not run: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    chrome.kill();
  }
}

export async function measureClient(options: ClientOptions): Promise<ClientFigures> {
  const log = options.log ?? (() => {});
  const url = `${options.baseUrl}/courses/${options.course ?? REVIEW_COURSE}/review`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  let js: ClientFigures["firstLoadJs"];
  let taps: ClientFigures["tapToNext"];
  try {
    log("  first-load JS …");
    js = await firstLoadJs(browser, options, url).catch((error: unknown) => ({ note: `failed: ${String(error)}` }));
    log("  tap to next card (CPU 4×) …");
    taps = await tapToNext(browser, options, url).catch((error: unknown) => ({ cpuThrottling: 4, note: `failed: ${String(error)}` }));
  } finally {
    await browser.close();
  }
  if (options.lighthouse === false) return { url, firstLoadJs: js, tapToNext: taps, lighthouse: { note: "skipped (--quick or --no-lighthouse)" } };
  log("  Lighthouse (mobile) …");
  const lighthouse = await lighthouseScore(options, url);
  return { url, firstLoadJs: js, tapToNext: taps, lighthouse };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argument = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
  };
  const baseUrl = argument("base-url");
  const cookie = argument("cookie");
  if (!baseUrl || !cookie) {
    console.error("usage: tsx bench/client.ts --base-url URL --cookie 'retain.session=…' [--course slug]");
    process.exit(2);
  }
  console.log(JSON.stringify(await measureClient({ baseUrl, cookie, course: argument("course"), log: console.log }), null, 2));
}
