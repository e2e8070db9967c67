import { expect, test } from "@playwright/test";

test("the home page loads and the health check answers", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Retain" })).toBeVisible();
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
});
