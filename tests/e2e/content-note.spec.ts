import { expect, test } from "@playwright/test";
import { ACKNOWLEDGE } from "./content-note";

/**
 * The content note stands before a student's first review of a course, however they get there
 * (the dashboard links straight into review), and on any lesson they enter before reading it.
 * Once read, it is remembered for the student and not shown again.
 */

const COURSE = "sex-trafficking-challenges";

test("a new student who opens review first sees the content note, and once it is read not again", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "phone first; the logic is the same on desktop");
  await page.goto("/signup?callbackUrl=%2Fdashboard");
  await page.getByLabel("Name").fill("Nora Note");
  await page.getByLabel("Email").fill(`nora-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("Retain-e2e-pass-7319");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // A lesson entered directly (not the first one) shows the note while it is unread.
  await page.goto(`/courses/${COURSE}/lessons/indicators-and-training`);
  await expect(page.getByTestId("content-note")).toBeVisible();
  await expect(page.getByTestId("content-note").getByRole("button", { name: "I have read this" })).toBeVisible();

  // Review first: the note, the U.S. support lines, and no card until it is read.
  await page.goto(`/courses/${COURSE}/review`);
  await expect(page.getByRole("heading", { level: 1, name: "Before you review" })).toBeVisible();
  const note = page.getByTestId("content-note");
  await expect(note).toContainText("no graphic descriptions");
  await expect(note.getByRole("heading", { name: "Support (U.S. resources)" })).toBeVisible();
  await expect(note.getByText("Call 1-888-373-7888 (24/7, confidential)")).toBeVisible();
  await expect(note.getByRole("link", { name: "humantraffickinghotline.org" })).toHaveAttribute("href", "https://humantraffickinghotline.org");
  await expect(page.getByRole("heading", { name: "About this source" })).toBeVisible();
  await expect(page.getByTestId("review-card")).toHaveCount(0);

  await page.getByRole("button", { name: ACKNOWLEDGE }).tap();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/review$`));
  await expect(page.getByTestId("review-card")).toBeVisible();
  await expect(page.getByTestId("content-note")).toHaveCount(0);

  // Remembered on the server: a reload, and a new browser with the same session, go straight to the cards.
  await page.reload();
  await expect(page.getByTestId("review-card")).toBeVisible();
  await expect(page.getByTestId("content-note")).toHaveCount(0);
  const other = await page.context().browser()!.newContext({ storageState: await page.context().storageState(), serviceWorkers: "block" });
  const second = await other.newPage();
  await second.goto(`/courses/${COURSE}/review`);
  await expect(second.getByTestId("review-card")).toBeVisible();
  await expect(second.getByTestId("content-note")).toHaveCount(0);
  await other.close();

  // Lessons no longer interrupt with it (the first lesson still shows it, without a button).
  await page.goto(`/courses/${COURSE}/lessons/indicators-and-training`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("content-note")).toHaveCount(0);
  await page.goto(`/courses/${COURSE}/lessons/who-the-law-counts`);
  await expect(page.getByTestId("content-note")).toBeVisible();
  await expect(page.getByTestId("content-note").getByRole("button")).toHaveCount(0);
  // No internal anchors or page furniture shown as essay text.
  await expect(page.getByText("p-definitions")).toHaveCount(0);
  await expect(page.getByText(/Assignment 2|1717 Words/)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /^Beyond the essay/ })).toBeVisible();
});
