import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { ACKNOWLEDGE } from "./content-note";

/**
 * axe on every page state a student or an instructor meets (the landing page, the student's pages,
 * the review screen from its first card to the session's end, the teaching pages with and without
 * classes), each in light and in dark: no serious or critical violations.
 */

const COURSE = "sex-trafficking-challenges";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SCHEMES = ["light", "dark"] as const;

async function scan(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const bad = results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  const report = bad.map(
    (violation) =>
      `${label}: ${violation.id} (${violation.impact}) ${violation.help}\n  ${violation.nodes.map((node) => node.target.join(" ")).join("\n  ")}`,
  );
  expect(report, report.join("\n")).toEqual([]);
}

/** The page as it stands, in both colour schemes (motion reduced, so nothing is caught mid-transition). */
async function scanBoth(page: Page, label: string) {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    await scan(page, `${colorScheme} ${label}`);
  }
}

async function signUp(page: Page, name: string, email: string, callbackUrl: string) {
  await page.goto(`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("Retain-a11y-pass-5521");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === callbackUrl);
}

test("the landing page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await scanBoth(page, "landing");
});

test("student pages have no serious accessibility violations", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signUp(page, "Ada Access", `ada-${testInfo.project.name}-${Date.now()}@example.test`, "/dashboard");
  // The first-run dashboard (nothing studied, no class): its empty states.
  await expect(page.getByTestId("no-assignments")).toBeVisible();
  await scanBoth(page, "/dashboard (first run)");

  // One new card a day, so that the session ends within the test.
  await page.goto(`/courses/${COURSE}/settings`);
  await page.getByLabel("New cards per day").fill("1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  // A new student's first review opens on the content note.
  await page.goto(`/courses/${COURSE}/review`);
  await expect(page.getByRole("heading", { level: 1, name: "Before you review" })).toBeVisible();
  await scanBoth(page, "content note before review");
  await page.getByRole("button", { name: ACKNOWLEDGE }).click();
  const card = page.getByTestId("review-card");
  await expect(card).toBeVisible();
  await scanBoth(page, "review prompt");
  await page.getByRole("button", { name: "Show answer" }).click();
  await expect(page.getByRole("button", { name: /^Good/ })).toBeVisible();
  await scanBoth(page, "review answer");
  const answerBox = await page.getByRole("button", { name: /^Again/ }).boundingBox();
  expect(answerBox!.width).toBeGreaterThanOrEqual(44);
  expect(answerBox!.height).toBeGreaterThanOrEqual(44);
  await page.getByRole("button", { name: "Show source" }).click();
  await expect(page.getByTestId("source-sheet")).toBeVisible();
  await scanBoth(page, "source sheet");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: /^Easy/ }).click();
  await expect(page.getByTestId("session-summary")).toBeVisible();
  await expect(page.getByTestId("summary-streak")).toContainText("1");
  await scanBoth(page, "review session end");

  for (const path of [
    "/dashboard",
    `/courses/${COURSE}`,
    `/courses/${COURSE}/lessons/who-the-law-counts`,
    `/courses/${COURSE}/stats`,
    // The student's memory map of the essay (every passage unlearned or uncited for a new student).
    `/courses/${COURSE}/stats/memory-map`,
    `/courses/${COURSE}/settings`,
    // The workload simulator's chart and table.
    `/courses/${COURSE}/settings?workload=1`,
    "/help",
  ]) {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    await scanBoth(page, path);
  }
});

test("teaching pages have no serious accessibility violations", async ({ page }, testInfo) => {
  test.skip(
    testInfo.project.name !== "desktop",
    "the instructor's pages once (the phone layout is scanned in tests/e2e/instructor.spec.ts)",
  );
  test.setTimeout(120_000);
  const email = `ines-a11y-${Date.now()}@example.test`;
  await signUp(page, "Ines Access", email, "/teach");
  const port = Number(process.env.E2E_PORT ?? 3210);
  const client = new pg.Client({
    connectionString: fs.readFileSync(path.join(os.tmpdir(), `retain-e2e-${port}.database-url`), "utf8").trim(),
  });
  await client.connect();
  await client.query(`UPDATE "User" SET role = 'instructor'::"Role" WHERE email = $1`, [email]);
  await client.end();

  await page.goto("/teach");
  await expect(page.getByTestId("no-classes")).toBeVisible();
  await scanBoth(page, "/teach (no classes)");
  await page.getByLabel("Class name").fill("Access seminar");
  await page.getByLabel("Term").fill("Spring 2027");
  await page.getByRole("button", { name: "Create class" }).click();
  await expect(page).toHaveURL(/\/teach\/classes\/[^/]+$/);
  await expect(page.getByTestId("no-students")).toBeVisible();
  await scanBoth(page, "class page (no students, no assignments)");
  await page.goto("/teach");
  await expect(page.getByRole("heading", { level: 3, name: "Access seminar" })).toBeVisible();
  await scanBoth(page, "/teach (one class)");
});
