import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ACKNOWLEDGE } from "./content-note";

/** axe on every student page (light, and dark on desktop): no serious or critical violations. */

const COURSE = "sex-trafficking-challenges";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function scan(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const bad = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const report = bad.map((violation) => `${label}: ${violation.id} (${violation.impact}) ${violation.help}\n  ${violation.nodes.map((node) => node.target.join(" ")).join("\n  ")}`);
  expect(report, report.join("\n")).toEqual([]);
}

test("student pages have no serious accessibility violations", async ({ page }, testInfo) => {
  // Every page once per colour scheme, and the content note before the first review.
  test.setTimeout(240_000);
  await page.goto("/signup?callbackUrl=%2Fdashboard");
  await page.getByLabel("Name").fill("Ada Access");
  await page.getByLabel("Email").fill(`ada-${testInfo.project.name}-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("Retain-a11y-pass-5521");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  const schemes: ("light" | "dark")[] = testInfo.project.name === "desktop" ? ["light", "dark"] : ["light"];
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    const pages = [
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
    ];
    for (const path of pages) {
      await page.goto(path);
      await expect(page.locator("h1").first()).toBeVisible();
      await scan(page, `${colorScheme} ${path}`);
    }

    await page.goto(`/courses/${COURSE}/review`);
    if (colorScheme === schemes[0]) {
      // A new student's first review opens on the content note.
      await expect(page.getByRole("heading", { level: 1, name: "Before you review" })).toBeVisible();
      await scan(page, `${colorScheme} content note before review`);
      await page.getByRole("button", { name: ACKNOWLEDGE }).click();
    }
    const card = page.getByTestId("review-card");
    await expect(card).toBeVisible();
    await scan(page, `${colorScheme} review prompt`);
    await page.getByRole("button", { name: "Show answer" }).click();
    await expect(page.getByRole("button", { name: /^Good/ })).toBeVisible();
    await scan(page, `${colorScheme} review answer`);
    const answerBox = await page.getByRole("button", { name: /^Again/ }).boundingBox();
    expect(answerBox!.width).toBeGreaterThanOrEqual(44);
    expect(answerBox!.height).toBeGreaterThanOrEqual(44);
    await page.getByRole("button", { name: "Show source" }).click();
    await expect(page.getByTestId("source-sheet")).toBeVisible();
    await scan(page, `${colorScheme} source sheet`);
    await page.keyboard.press("Escape");
  }
});
