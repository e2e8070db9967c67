import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { PHONE } from "@/tests/support/chromium";
import { readContentNote } from "./content-note";

/**
 * The course studio end to end (issue 13's "Done when"): an instructor on a laptop pastes an essay that
 * is no course of the repository, accepts the drafts, re-quotes one card by selecting text in the
 * source, publishes, and makes a class on the course; a student in the class reviews its cards on a
 * phone; a student outside the class cannot see the course at all.
 */

const PASSWORD = "Retain-studio-e2e-7731";
const ESSAY = fs.readFileSync("tests/fixtures/studio/essay-libraries.md", "utf8");

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

test("an instructor turns a pasted essay into a course for one class; only that class sees it", async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the studio is laptop-first; the students use phones inside the test");
  test.setTimeout(240_000);
  const stamp = Date.now();

  // The instructor pastes the essay.
  const instructorEmail = `studio-${stamp}@example.test`;
  await signUp(page, "Stella Studio", instructorEmail, "/teach");
  await promote(instructorEmail);
  await page.goto("/teach/studio");
  await expect(page.getByRole("heading", { level: 1, name: "Course studio" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Course title").fill("Public libraries");
  await page.getByLabel("Source title").fill("Why Cities Should Keep Their Public Libraries Open");
  await page.getByLabel("Source text").fill(ESSAY);
  await page.getByRole("button", { name: "Make draft course" }).click();
  await expect(page).toHaveURL(/\/teach\/studio\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(page.getByRole("heading", { level: 2, name: "Lessons and cards" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Lesson 2: Libraries as civic space" })).toBeVisible();
  await expectAccessible(page);

  // Accept every draft.
  const accept = page.getByRole("button", { name: "Accept", exact: true });
  const drafts = await accept.count();
  expect(drafts).toBeGreaterThanOrEqual(3);
  for (let left = drafts; left > 0; left -= 1) {
    await accept.first().click();
    await expect(accept).toHaveCount(left - 1);
  }
  await expect(page.getByText(`${drafts} accepted of ${drafts} cards`)).toBeVisible();

  // Re-quote the digital-divide card by selecting its words in the essay.
  const card = page.locator("article", { has: page.getByText("def-the-digital-divide-p-6", { exact: true }) });
  await expect(card).toBeVisible();
  const words = "the gap between people who have reliable internet access and the skills to use it";
  await page.evaluate((text) => {
    const paragraph = [...document.querySelectorAll("[data-anchor]")].find((node) => node.textContent?.includes(text))!;
    const node = paragraph.firstChild!;
    const start = node.textContent!.indexOf(text);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + text.length);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
  }, words);
  await expect(page.getByRole("form", { name: "New card from the selected text" })).toBeVisible();
  await card.getByRole("button", { name: "Use selected text as quote" }).click();
  await expect(card.getByLabel(/^Quote from/)).toHaveValue(words);
  await card.getByLabel("Answer").fill("The gap between people who have reliable internet access and the skills to use it, and people who do not.");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Card saved." })).toHaveCount(1);
  await expect(card.getByLabel(/^Quote from/)).toHaveValue(words);

  // Publish, then make a class on the course.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Published version 1" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/teach");
  await page.getByLabel("Class name").fill("Civic life seminar");
  await page.getByLabel("Term").fill("Spring 2027");
  await page.getByLabel("Course", { exact: true }).selectOption({ label: "Public libraries" });
  await page.getByRole("button", { name: "Create class" }).click();
  await expect(page).toHaveURL(/\/teach\/classes\/[^/]+$/);
  const code = ((await page.getByTestId("join-code").textContent()) ?? "").trim();

  // A student joins on a phone and reviews the course's cards.
  const phone = await browser.newContext({ ...PHONE });
  const student = await phone.newPage();
  await signUp(student, "Rita Reader", `rita-${stamp}@example.test`, `/join/${code}`);
  await student.getByRole("button", { name: "Join class" }).tap();
  await expect(student.getByText("You joined Civic life seminar.")).toBeVisible();
  await readContentNote(student, slug);
  const review = student.getByTestId("review-card");
  for (let answered = 0; answered < 2; answered += 1) {
    await expect(review).toHaveAttribute("data-revealed", "false");
    await review.tap();
    await expect(review).toHaveAttribute("data-revealed", "true");
    await student.getByRole("button", { name: /^Good/ }).tap();
  }
  // The answers reach the server in the background: wait for both rather than for a quiet outbox
  // (it is quiet for a moment between storing an answer and sending it).
  await expect
    .poll(async () => {
      const studied = (await (await student.request.get(`/api/courses/${slug}/cards`)).json()) as { cards: { state: string }[] };
      return studied.cards.filter((entry) => entry.state !== "new").length;
    })
    .toBeGreaterThanOrEqual(2);
  await expect(student.getByTestId("sync-status")).toHaveAttribute("data-pending", "0");

  // A student outside the class: no such course, anywhere.
  const other = await browser.newContext({ ...PHONE });
  const outsider = await other.newPage();
  await signUp(outsider, "Otto Outside", `otto-${stamp}@example.test`, "/dashboard");
  await expect(outsider.getByText("Public libraries")).toHaveCount(0);
  expect((await outsider.request.get(`/api/courses/${slug}`)).status()).toBe(404);
  expect((await outsider.request.get(`/api/review/queue?course=${slug}`)).status()).toBe(404);
  const response = await outsider.goto(`/courses/${slug}`);
  expect(response?.status()).toBe(404);
  await phone.close();
  await other.close();
});
