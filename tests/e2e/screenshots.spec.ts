import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { PHONE } from "../support/chromium";
import { readContentNote } from "./content-note";

/**
 * The design's record: every screen a student or an instructor sees most, at 390×844 (phone) and
 * 1280×800 (laptop), in light and dark. CI keeps them as test artifacts (test-results/); run with
 * SCREENSHOT_DIR=docs/screenshots/after to refresh the committed set (and LANDING_DIR=public/landing
 * to refresh the landing page's picture of the review screen). JPEG keeps the set small.
 *
 * Shots are only taken, never compared: pixels move with fonts and data. The accessibility of the
 * same states is checked in tests/e2e/a11y.spec.ts.
 */

const COURSE = "sex-trafficking-challenges";
const PASSWORD = "Retain-shots-pass-5521";
const DIR = process.env.SCREENSHOT_DIR ?? "test-results/screenshots/design";
const SCHEMES = ["light", "dark"] as const;
const VIEWPORTS = {
  phone: { ...PHONE },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;
type ViewportName = keyof typeof VIEWPORTS;

function databaseUrl(): string {
  const port = Number(process.env.E2E_PORT ?? 3210);
  return fs.readFileSync(path.join(os.tmpdir(), `retain-e2e-${port}.database-url`), "utf8").trim();
}

async function promote(email: string) {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const result = await client.query(`UPDATE "User" SET role = 'instructor'::"Role" WHERE email = $1`, [email]);
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

async function signUp(page: Page, name: string, email: string, callbackUrl: string) {
  await page.goto(`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === callbackUrl);
}

/**
 * The page as it stands, once per colour scheme: its first screens (three on a phone, two on a laptop:
 * what a person sees before deciding to scroll on), or only the first for the review screens, which
 * must not scroll. One image pixel per CSS pixel keeps the set a few megabytes.
 */
async function shoot(page: Page, viewport: ViewportName, state: string, { fullPage = true } = {}) {
  const { width, height } = page.viewportSize()!;
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    await page.evaluate(() => document.fonts.ready);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    const clip = {
      x: 0,
      y: 0,
      width,
      height: fullPage ? Math.min(pageHeight, height * (viewport === "phone" ? 3 : 2)) : height,
    };
    await page.screenshot({
      path: path.join(DIR, `${viewport}-${colorScheme}-${state}.jpg`),
      type: "jpeg",
      quality: 45,
      scale: "css",
      fullPage: true,
      clip,
    });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function newContext(
  browser: Browser,
  viewport: ViewportName,
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>,
) {
  return browser.newContext({ ...VIEWPORTS[viewport], storageState, reducedMotion: "reduce" });
}

test("screenshots of the main screens, phone and laptop, light and dark", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "one run makes both sizes");
  test.setTimeout(300_000);
  fs.mkdirSync(DIR, { recursive: true });
  const stamp = Date.now();

  // An instructor with a class and an assignment, so the class page and the student's dashboard have something to show.
  const teacherContext = await newContext(browser, "desktop");
  const teacher = await teacherContext.newPage();
  const instructorEmail = `shots-ines-${stamp}@example.test`;
  await signUp(teacher, "Ines Instructor", instructorEmail, "/teach");
  await promote(instructorEmail);
  await teacher.goto("/teach");
  await teacher.getByLabel("Class name").fill("Anti-trafficking seminar");
  await teacher.getByLabel("Term").fill("Spring 2027");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher).toHaveURL(/\/teach\/classes\/[^/]+$/);
  const classPath = new URL(teacher.url()).pathname;
  const code = ((await teacher.getByTestId("join-code").textContent()) ?? "").trim();
  await teacher.getByRole("link", { name: "New assignment" }).click();
  await teacher.locator('input[name="lessonKeys"]').first().check();
  await teacher.getByRole("button", { name: "Assign" }).click();
  await expect(teacher).toHaveURL(classPath);
  const teacherState = await teacherContext.storageState();
  await teacherContext.close();

  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    // A student in the class, a few new cards a day so that one session ends within the test.
    const studentContext = await newContext(browser, viewport);
    const page = await studentContext.newPage();
    await signUp(page, "Sam Student", `shots-sam-${viewport}-${stamp}@example.test`, `/join/${code}`);
    await page.getByRole("button", { name: "Join class" }).click();
    await expect(page.getByRole("link", { name: "Go to the course" })).toBeVisible();
    await page.goto(`/courses/${COURSE}/settings`);
    await page.getByLabel("New cards per day").fill("3");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved.")).toBeVisible();
    await readContentNote(page, COURSE);

    const card = page.getByTestId("review-card");
    await expect(card).toHaveAttribute("data-revealed", "false");
    await shoot(page, viewport, "review-front", { fullPage: false });
    await page.getByRole("button", { name: "Show answer" }).click();
    await expect(card).toHaveAttribute("data-revealed", "true");
    await page.getByRole("button", { name: /^Good/ }).waitFor();
    await shoot(page, viewport, "review-answer", { fullPage: false });
    if (viewport === "phone" && process.env.LANDING_DIR) {
      // The landing page's picture of the review screen (public/landing), refreshed with the design.
      for (const scheme of SCHEMES)
        fs.copyFileSync(
          path.join(DIR, `phone-${scheme}-review-answer.jpg`),
          path.join(process.env.LANDING_DIR, `review-${scheme}.jpg`),
        );
    }
    // Good first (it comes back within the session as a learning step would), then Easy to the end.
    await page.getByRole("button", { name: /^Good/ }).click();
    const summary = page.getByTestId("session-summary");
    for (let answered = 0; answered < 20 && !(await summary.isVisible()); answered += 1) {
      const reveal = page.getByRole("button", { name: "Show answer" });
      await expect(reveal.or(summary)).toBeVisible();
      if (await summary.isVisible()) break;
      await reveal.click();
      await page.getByRole("button", { name: /^Easy/ }).click();
    }
    await expect(summary).toBeVisible();
    await expect(page.getByTestId("sync-status")).toHaveAttribute("data-pending", "0");
    await shoot(page, viewport, "review-end");

    for (const [state, href] of [
      ["dashboard", "/dashboard"],
      ["course", `/courses/${COURSE}`],
      ["lesson", `/courses/${COURSE}/lessons/who-the-law-counts`],
      ["stats", `/courses/${COURSE}/stats`],
    ] as const) {
      await page.goto(href);
      await expect(page.locator("h1").first()).toBeVisible();
      await shoot(page, viewport, state);
    }
    await studentContext.close();

    // The instructor's screens, after the students joined.
    const instructorContext = await newContext(browser, viewport, teacherState);
    const instructor = await instructorContext.newPage();
    await instructor.goto("/teach");
    await expect(instructor.getByRole("heading", { level: 1, name: "Your classes" })).toBeVisible();
    await shoot(instructor, viewport, "teach-home");
    await instructor.goto(classPath);
    await expect(instructor.getByRole("heading", { level: 1, name: "Anti-trafficking seminar" })).toBeVisible();
    await shoot(instructor, viewport, "class");
    await instructorContext.close();
  }

  // Signed out: the landing page (last, so that it shows the review screen just shot when LANDING_DIR is set).
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    const visitorContext = await newContext(browser, viewport);
    const visitor = await visitorContext.newPage();
    await visitor.goto("/");
    await expect(visitor.locator("h1").first()).toBeVisible();
    await shoot(visitor, viewport, "landing");
    await visitorContext.close();
  }

  const taken = fs.readdirSync(DIR).filter((name) => name.endsWith(".jpg"));
  expect(taken.length).toBeGreaterThanOrEqual(2 * 2 * 10);
});
