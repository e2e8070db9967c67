import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { E2E_SMTP_PORT_OFFSET } from "../support/constants";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";

/**
 * A student who forgot their password, on the phone: "Forgot password?", the mail arrives in a real
 * SMTP server this test runs (the e2e server's worker sends to it), the link sets a new password, the
 * session on the student's other device ends, and the link refuses a second use.
 */

let smtp: TestSmtpServer;

test.beforeAll(async () => {
  smtp = await startTestSmtpServer(Number(process.env.E2E_PORT ?? 3210) + E2E_SMTP_PORT_OFFSET);
});

test.afterAll(async () => {
  await smtp?.stop();
});

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

test("reset a forgotten password from the phone", async ({ page, browser, request }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "one journey, on the phone");
  const email = `rosa-${Date.now()}@example.test`;
  const oldPassword = "Retain-reset-e2e-1111";
  const newPassword = "Retain-reset-e2e-2222";

  // Another device (a laptop) signed up and stays signed in: the session the reset must end.
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await laptopPage.goto("/signup?callbackUrl=%2Faccount");
  await laptopPage.getByLabel("Name").fill("Rosa Reset");
  await laptopPage.getByLabel("Email").fill(email);
  await laptopPage.getByLabel("Password").fill(oldPassword);
  await laptopPage.getByRole("button", { name: "Create account" }).click();
  await expect(laptopPage.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();

  // On the phone: sign-in → Forgot password?
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await expectAccessible(page);
  const from = smtp.messages.length;
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses this address");

  const mail = await smtp.waitFor((message) => message.to === email, { from, timeoutMs: 30_000 });
  expect(mail.subject).toBe("Reset your Retain password");
  const link = /(http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(link, mail.text).toBeTruthy();

  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password was changed");

  // The new password signs in; the old one does not.
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(oldPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Rosa Reset" })).toBeVisible();

  // The laptop's session ended.
  await laptopPage.goto("/account");
  await expect(laptopPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
  await laptop.close();

  // A second use of the link is refused.
  await page.goto(link!);
  await page.getByLabel("New password").fill("Retain-reset-e2e-3333");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This reset link is not valid any more" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();

  // The JSON API: 202 whatever the address, 400 for a used or unknown token.
  const unknown = await request.post("/api/auth/password-reset", { data: { email: `nobody-${Date.now()}@example.test` } });
  expect(unknown.status()).toBe(202);
  const used = await request.post("/api/auth/password-reset/confirm", { data: { token: new URL(link!).searchParams.get("token"), password: "Retain-reset-e2e-4444" } });
  expect(used.status()).toBe(400);
  expect((await used.json()).error.fields.token).toHaveLength(1);
});
