import { expect, type Page } from "@playwright/test";

export const ACKNOWLEDGE = "I have read this: start reviewing";

/** A new student's first visit to a course's review: the content note, then the first card once it is read. */
export async function readContentNote(page: Page, course: string) {
  await page.goto(`/courses/${course}/review`);
  await expect(page.getByRole("heading", { level: 1, name: "Before you review" })).toBeVisible();
  await page.getByRole("button", { name: ACKNOWLEDGE }).click();
  await expect(page.getByTestId("review-card")).toBeVisible();
}
