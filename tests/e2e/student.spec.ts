import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ACKNOWLEDGE, readContentNote } from "./content-note";

/**
 * The student's phone journey, end to end against the production build: sign up, open the course,
 * read a lesson, review by tapping (phone) or keys only (desktop), undo, go offline, answer more,
 * reload offline, come back online, and check what the server holds.
 */

const COURSE = "sex-trafficking-challenges";
const SHOTS = "test-results/screenshots";

test.describe.configure({ mode: "serial" });

type Export = { reviews: { kind: string; undone: boolean; idempotencyKey: string }[] };

async function serverAnswers(page: Page) {
  const response = await page.request.get("/api/me/export");
  expect(response.ok()).toBe(true);
  const data = (await response.json()) as Export;
  const answers = data.reviews.filter((review) => review.kind === "answer");
  return { standing: answers.filter((review) => !review.undone).length, undone: answers.filter((review) => review.undone).length };
}

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a student studies on the phone, online and offline", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const project = testInfo.project.name;
  const keyboard = project === "desktop";
  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${project}-${name}.png`, fullPage: name !== "review-prompt" && name !== "review-answer" });

  // Sign up through the form.
  await page.goto("/signup?callbackUrl=%2Fdashboard");
  await page.getByLabel("Name").fill("Sam Student");
  await page.getByLabel("Email").fill(`sam-${project}-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("Retain-e2e-pass-7319");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: /Hello, Sam Student/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Get help" }).first()).toBeVisible();
  await noHorizontalScroll(page);
  await shot("dashboard");

  // Fewer new cards a day, so the session can be finished within the test (the settings form, a server action).
  await page.goto(`/courses/${COURSE}/settings`);
  await page.getByLabel("New cards per day").fill("10");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.getByLabel("New cards per day").fill("-3");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/New cards per day must be a whole number/)).toBeVisible();

  // The memory model: no fit yet, so the defaults; opting out and back in; the workload simulator.
  await expect(page.getByRole("heading", { name: "Your memory model" })).toBeVisible();
  await expect(page.getByText(/FSRS's default weights: there are not yet enough reviews/)).toBeVisible();
  await page.getByRole("button", { name: "Keep the FSRS defaults instead" }).click();
  await expect(page.getByText("Default weights on: your cards were rescheduled.")).toBeVisible();
  await page.getByRole("button", { name: "Use fitted weights again" }).click();
  await expect(page.getByText("Fitted weights on: your cards were rescheduled.")).toBeVisible();
  await page.getByRole("button", { name: "Simulate my workload" }).click();
  const workload = page.getByRole("table", { name: "Reviews a day and expected recall by desired retention" });
  await expect(workload).toBeVisible();
  await expect(workload.getByRole("rowheader", { name: "90% (yours)" })).toBeVisible();
  await noHorizontalScroll(page);

  // The course: content note before the first lesson, support lines, units and lessons.
  await page.goto("/dashboard");
  await page.getByRole("link", { name: /Responding to Sex Trafficking/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`));
  await expect(page.getByRole("heading", { name: "Before you start" })).toBeVisible();
  await expect(page.getByText("1-888-373-7888")).toBeVisible();
  await expect(page.getByText("233733")).toBeVisible();
  await noHorizontalScroll(page);
  await shot("course");

  // A lesson: objectives, key terms, body and the essay passages it draws on.
  // The lesson's own link (the course page's next step also offers "Read “…”").
  await page.getByRole("link", { name: /^Who U\.S\. law does not count/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Who U\.S\. law does not count/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Key terms" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "From the essay" })).toBeVisible();
  await expect(page.locator("figure#p-definitions")).toBeVisible();
  await noHorizontalScroll(page);
  await shot("lesson");

  // The review session, reached by a client-side navigation from the course page: the content note first.
  await page.getByRole("link", { name: /^Responding to Sex Trafficking/ }).first().click();
  await page.getByRole("link", { name: /^Review \(/ }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/review$`));
  await page.getByRole("button", { name: ACKNOWLEDGE }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/review$`));
  const card = page.getByTestId("review-card");
  const status = page.getByTestId("sync-status");
  await expect(card).toBeVisible();
  await expect(page.getByRole("link", { name: "Get help" }).first()).toBeVisible();
  await noHorizontalScroll(page);
  await shot("review-prompt");

  const prompts: string[] = [];
  async function reviewOne(name?: string) {
    await expect(card).toHaveAttribute("data-revealed", "false");
    prompts.push(((await page.getByTestId("card-prompt").textContent()) ?? "").trim());
    if (keyboard) await page.keyboard.press("Space");
    else await card.tap();
    await expect(card).toHaveAttribute("data-revealed", "true");
    const good = page.getByRole("button", { name: /^Good/ });
    await expect(good).toBeVisible();
    if (name) await shot(name);
    if (keyboard) await page.keyboard.press("3");
    else await good.tap();
  }

  // Five cards, online; the source sheet on the first.
  for (let index = 0; index < 5; index += 1) {
    if (index === 0) {
      const open = page.getByRole("button", { name: "Show source" });
      if (keyboard) {
        await open.focus();
        await page.keyboard.press("Enter");
      } else {
        await open.tap();
      }
      const sheet = page.getByTestId("source-sheet");
      await expect(sheet).toBeVisible();
      await expect(sheet.locator("mark").first()).toBeVisible();
      await shot("source-sheet");
      if (keyboard) await page.keyboard.press("Escape");
      else await sheet.getByRole("button", { name: "Close" }).tap();
      await expect(sheet).toBeHidden();
    }
    await reviewOne(index === 0 ? "review-answer" : undefined);
  }
  await expect(page.getByTestId("session-counts")).toContainText("5 answered");
  await expect(status).toHaveAttribute("data-pending", "0");
  await expect.poll(() => serverAnswers(page)).toEqual({ standing: 5, undone: 0 });

  // Undo the fifth: it was sent, so the server marks it undone; the card comes back.
  if (keyboard) await page.keyboard.press("z");
  else await page.getByRole("button", { name: "Undo" }).tap();
  await expect(page.getByTestId("card-prompt")).toHaveText(prompts[4]!);
  await expect(page.getByTestId("session-counts")).toContainText("4 answered");
  await expect.poll(() => serverAnswers(page)).toEqual({ standing: 4, undone: 1 });

  // Offline: three more answers wait on the device.
  await context.setOffline(true);
  await expect(status).toHaveAttribute("data-online", "false");
  await expect(status).toContainText("You are offline");
  for (let index = 0; index < 3; index += 1) await reviewOne();
  await expect(status).toHaveAttribute("data-pending", "3");
  await expect(status).toContainText("3 answers waiting to sync");
  await shot("offline-banner");

  // Reload while offline: the page comes from the service worker, the answers from IndexedDB.
  const [worker] = context.serviceWorkers();
  expect(worker, "the service worker is installed").toBeTruthy();
  expect(await worker!.evaluate(() => fetch("/api/health").then(() => "reached", () => "offline"))).toBe("offline");
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(card).toBeVisible();
  await expect(status).toHaveAttribute("data-pending", "3");
  await expect(status).toContainText("3 answers waiting to sync");
  expect(prompts.slice(5)).not.toContain(((await page.getByTestId("card-prompt").textContent()) ?? "").trim());
  // The page says it is the copy saved on the device.
  await expect(page.getByTestId("saved-copy")).toContainText("Saved copy from");

  // A page never saved here: the offline page offers the saved review (which works offline), in the app's font.
  const unsaved = await context.newPage();
  await unsaved.goto("/join");
  await expect(unsaved.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await expect(unsaved.getByRole("link", { name: /^Review: / })).toHaveAttribute("href", /\/courses\/[^/]+\/review$/);
  await expect(unsaved.getByRole("link", { name: "Go to your dashboard" })).toHaveCount(0);
  await expect(unsaved.locator("body")).toHaveCSS("font-family", /^"?Inter/);
  await unsaved.close();

  // Back online: the outbox syncs; the server holds 7 standing answers and the undone one.
  await context.setOffline(false);
  await expect(status).toHaveAttribute("data-pending", "0", { timeout: 30_000 });
  await expect.poll(() => serverAnswers(page), { timeout: 30_000 }).toEqual({ standing: 7, undone: 1 });

  // Finish the session (learning cards come back once nothing else is left) and see the summary.
  for (let guard = 0; guard < 60 && (await card.isVisible()); guard += 1) await reviewOne();
  const summary = page.getByTestId("session-summary");
  await expect(summary).toBeVisible();
  await expect(summary.getByText("Cards reviewed")).toBeVisible();
  await expect(summary.getByText("Due tomorrow")).toBeVisible();
  await shot("summary");

  await page.goto(`/courses/${COURSE}/stats`);
  await expect(page.getByRole("heading", { level: 1, name: "Statistics" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Cards due in the next 30 days/ })).toBeVisible();
  await noHorizontalScroll(page);
  await shot("stats");

  await page.goto("/help");
  await expect(page.getByText("1-888-373-7888")).toBeVisible();
  await expect(page.getByText(/911/).first()).toBeVisible();
});

test("nothing scrolls sideways at 320px", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "phone layout only");
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/signup?callbackUrl=%2Fdashboard");
  await page.getByLabel("Name").fill("Narrow Student");
  await page.getByLabel("Email").fill(`narrow-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("Retain-e2e-pass-7319");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await readContentNote(page, COURSE);
  for (const path of ["/dashboard", `/courses/${COURSE}`, `/courses/${COURSE}/lessons/who-the-law-counts`, `/courses/${COURSE}/review`, `/courses/${COURSE}/stats`, `/courses/${COURSE}/settings`, "/help"]) {
    await page.goto(path);
    await expect(page.locator("main").first()).toBeVisible();
    if (path.endsWith("/review")) await expect(page.getByTestId("review-card")).toBeVisible();
    await noHorizontalScroll(page);
  }
});

test("the review page's first load ships at most 150 KB of gzipped JavaScript", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "measured once");
  await page.goto("/signup?callbackUrl=%2Fdashboard");
  await page.getByLabel("Name").fill("Byte Counter");
  await page.getByLabel("Email").fill(`bytes-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("Retain-e2e-pass-7319");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await readContentNote(page, COURSE);

  // A fresh page with nothing cached: every script the review page needs is fetched.
  const fresh = await page.context().browser()!.newContext({ storageState: await page.context().storageState(), serviceWorkers: "block" });
  const review = await fresh.newPage();
  const scripts = new Map<string, Promise<Buffer>>();
  review.on("response", (response) => {
    if (response.request().resourceType() === "script" && response.ok()) scripts.set(response.url(), response.body());
  });
  await review.goto(`/courses/${COURSE}/review`);
  await expect(review.getByTestId("review-card")).toBeVisible();
  await review.waitForLoadState("networkidle");
  const { gzipSync } = await import("node:zlib");
  const sizes = await Promise.all([...scripts].map(async ([url, body]) => ({ url, raw: (await body).length, gzip: gzipSync(await body, { level: 9 }).length })));
  const total = sizes.reduce((sum, entry) => sum + entry.gzip, 0);
  const lines = sizes.sort((a, b) => b.gzip - a.gzip).map((entry) => `${(entry.gzip / 1024).toFixed(1)} KB gz (${(entry.raw / 1024).toFixed(1)} KB) ${new URL(entry.url).pathname}`);
  const summary = `review page first load: ${sizes.length} scripts, ${(total / 1024).toFixed(1)} KB gzipped\n${lines.join("\n")}`;
  console.log(summary);
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync("test-results/review-page-js.txt", `${summary}\n`);
  await testInfo.attach("review-page-js", { body: summary, contentType: "text/plain" });
  // The budget (docs/PERFORMANCE.md, "The review page's JavaScript budget").
  expect(total).toBeLessThanOrEqual(150 * 1024);
  await fresh.close();
});

test("the review page's first card is in the HTML, and held back while the outbox may know better", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "measured once");
  await page.goto("/signup?callbackUrl=%2Fdashboard");
  await page.getByLabel("Name").fill("First Paint");
  await page.getByLabel("Email").fill(`first-paint-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("Retain-e2e-pass-7319");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await readContentNote(page, COURSE);
  const me = (await (await page.request.get("/api/me")).json()) as { id: string };
  const browser = page.context().browser()!;
  const storageState = await page.context().storageState();
  const reviewPath = `/courses/${COURSE}/review`;

  // No JavaScript at all: the card, its prompt and "Get help" are in the server's HTML.
  const noJs = await browser.newContext({ storageState, javaScriptEnabled: false, serviceWorkers: "block" });
  const plain = await noJs.newPage();
  await plain.goto(reviewPath);
  await expect(plain.getByTestId("review-card")).toBeVisible();
  await expect(plain.getByTestId("card-prompt")).not.toHaveText("");
  await expect(plain.getByRole("link", { name: "Get help" }).first()).toBeVisible();
  await expect(plain.getByText("Loading your cards…")).toHaveCount(0);
  await noJs.close();

  // The inline hold script (it must carry the CSP nonce to run), with the app's bundles never loading:
  // no marks → the card shows; an answer waiting in the outbox → the card stays hidden.
  for (const pending of [0, 1]) {
    const context = await browser.newContext({ storageState, serviceWorkers: "block" });
    await context.route("**/_next/static/chunks/**", (route) => route.abort());
    if (pending) {
      await context.addInitScript(
        ([key, value]) => localStorage.setItem(key!, value!),
        [`retain-outbox-marks:${me.id}`, JSON.stringify({ [COURSE]: { pending, last: 0 } })],
      );
    }
    const held = await context.newPage();
    const violations: string[] = [];
    held.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await held.goto(reviewPath);
    await expect(held.getByTestId("card-prompt")).toHaveCount(1);
    if (pending) await expect(held.getByTestId("review-card")).toBeHidden();
    else await expect(held.getByTestId("review-card")).toBeVisible();
    await expect(held.getByRole("link", { name: "Get help" }).first()).toBeVisible();
    expect(violations).toEqual([]);
    await context.close();
  }

  // With the app running, the client reads the (empty) outbox, lets the card show and makes it answerable.
  const live = await browser.newContext({ storageState, serviceWorkers: "block" });
  await live.addInitScript(
    ([key, value]) => localStorage.setItem(key!, value!),
    [`retain-outbox-marks:${me.id}`, JSON.stringify({ [COURSE]: { pending: 1, last: 0 } })],
  );
  const review = await live.newPage();
  // Hydrating the server's card must not fail (React reports a mismatch as error #418/#425 in production).
  const hydrationErrors: string[] = [];
  review.on("console", (message) => {
    if (message.type() === "error" && /hydrat|#41[89]|#42[35]/i.test(message.text())) hydrationErrors.push(message.text());
  });
  review.on("pageerror", (error) => hydrationErrors.push(error.message));
  await review.goto(reviewPath);
  await expect(review.getByTestId("review-card")).toBeVisible();
  await expect(review.getByTestId("session-counts")).toContainText("0 answered");
  await review.getByRole("button", { name: "Show answer" }).tap();
  await expect(review.getByTestId("review-card")).toHaveAttribute("data-revealed", "true");
  expect(hydrationErrors).toEqual([]);
  await live.close();
});
