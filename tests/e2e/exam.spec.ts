import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { readContentNote } from "./content-note";

/**
 * Exam-day forecast: an instructor sets the class's exam date in the settings form; a student who
 * has learned a few cards sees their predicted recall on exam day on the course page (on a phone)
 * and studies the cards below their target; the instructor sees the student in the forecast.
 */

const PASSWORD = "Retain-exam-e2e-7130";

function databaseUrl(): string {
  const port = Number(process.env.E2E_PORT ?? 3210);
  return fs.readFileSync(path.join(os.tmpdir(), `retain-e2e-${port}.database-url`), "utf8").trim();
}

async function promote(email: string) {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    expect((await client.query(`UPDATE "User" SET role = 'instructor' WHERE email = $1`, [email])).rowCount).toBe(1);
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

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes[0]?.target.join(" ")})`)).toEqual([]);
}

test("a student sees their predicted recall on exam day and studies the cards below target", async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the student on a phone; the instructor on a laptop-sized screen");
  test.setTimeout(180_000);
  const stamp = Date.now();

  const laptop = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const teacher = await laptop.newPage();
  const instructorEmail = `exam-ines-${stamp}@example.test`;
  await signUp(teacher, "Ines Examiner", instructorEmail, "/teach");
  await promote(instructorEmail);
  await teacher.goto("/teach");
  await teacher.getByLabel("Class name").fill("Exam seminar");
  await teacher.getByLabel("Term").fill("Spring 2027");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher).toHaveURL(/\/teach\/classes\/[^/]+$/);
  const classId = new URL(teacher.url()).pathname.split("/").at(-1)!;
  const code = ((await teacher.getByTestId("join-code").textContent()) ?? "").trim();

  // The exam in 40 days, set in the class's settings form.
  const examDate = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  await teacher.goto(`/teach/classes/${classId}/settings`);
  await teacher.getByLabel("Exam date (optional)").fill(examDate);
  await teacher.getByRole("button", { name: "Save", exact: true }).click();
  await expect(teacher.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  // The student joins on the phone and learns three cards (Easy once: about a week's stability, well
  // short of 40 days).
  await signUp(page, "Eve Examinee", `exam-eve-${stamp}@example.test`, `/join/${code}`);
  await page.getByRole("button", { name: "Join class" }).tap();
  await page.getByRole("link", { name: "Go to the course" }).tap();
  await expect(page).toHaveURL(/\/courses\/[^/]+$/);
  const courseSlug = new URL(page.url()).pathname.split("/").at(-1)!;
  await readContentNote(page, courseSlug);
  const cards = ((await (await page.request.get(`/api/courses/${courseSlug}/cards`)).json()) as { cards: { id: string }[] }).cards.slice(0, 3);
  for (const card of cards) {
    const response = await page.request.post("/api/review", { data: { cardId: card.id, rating: 4, idempotencyKey: `exam-${card.id}-${stamp}` } });
    expect(response.ok()).toBe(true);
  }

  await page.goto(`/courses/${courseSlug}`);
  const forecast = page.getByTestId("exam-forecast");
  await expect(forecast.getByRole("heading", { level: 2, name: /^Exam on / })).toBeVisible();
  await expect(forecast.getByTestId("exam-recall")).toHaveText(/^\d{1,3} %$/);
  await expect(forecast).toContainText("3 cards you have learned");
  await expect(forecast).toContainText("3 cards are predicted below your target of 90 %");
  await expectAccessible(page);
  await page.getByTestId("study-for-exam").tap();
  await expect(page).toHaveURL(new RegExp(`/courses/${courseSlug}/review\\?extra=exam$`));
  await expect(page.getByRole("heading", { level: 1, name: "Before the exam" })).toBeVisible();
  await expect(page.getByTestId("extra-note")).toContainText("below your target on exam day");
  await expect(page.getByTestId("review-card")).toBeVisible();
  const ids = new Set(cards.map((card) => card.id));
  expect(ids.has((await page.getByTestId("review-card").getAttribute("data-card-id"))!)).toBe(true);
  await expectAccessible(page);

  // The student's memory map on the phone, linked from their statistics: passages shaded by their
  // own recall on exam day, each figure in words; a tap lists the passage's cards.
  await page.goto(`/courses/${courseSlug}/stats`);
  await page.getByRole("link", { name: "Memory map of the essay" }).tap();
  await expect(page.getByRole("heading", { level: 1, name: "Memory map" })).toBeVisible();
  const map = page.getByTestId("memory-map");
  const learned = map.locator("details").filter({ hasText: /Your recall \d{1,3} %/ }).first();
  await expect(learned).toBeVisible();
  await learned.locator("summary").tap();
  await expect(learned.getByRole("list", { name: "Cards citing this passage" })).toContainText(/\d{1,3} %/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page);
  }

  // The instructor's memory page lists the student with their figure.
  await teacher.goto(`/teach/classes/${classId}/memory`);
  const table = teacher.getByTestId("exam-forecast");
  await expect(table.getByRole("row", { name: /Eve Examinee/ })).toContainText(/\d{1,3} %/);
  await expectAccessible(teacher);

  // The class memory map: the class mean per passage, in light and dark.
  await teacher.getByRole("link", { name: "Memory map of the essay" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Memory map" })).toBeVisible();
  await expect(teacher.getByTestId("memory-map").locator("details").filter({ hasText: /Class mean \d{1,3} %/ }).first()).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await teacher.emulateMedia({ colorScheme });
    await expectAccessible(teacher);
  }
  await laptop.close();
});
