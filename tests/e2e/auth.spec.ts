import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/**
 * Accounts through the pages on a phone-sized screen: sign-up (with the form's own errors), sign-out,
 * a wrong password, sign-in back to where the user was heading, and the account page. Every page must
 * hydrate under the nonce CSP (no CSP errors), fit 390px without sideways scrolling, and pass axe.
 */

const PASSWORD = "Retain-auth-e2e-4821";

function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    // A refused sign-in is a 401 the page handles; Chromium still logs the status.
    if (/Failed to load resource: the server responded with a status of 401/.test(text)) return;
    if (message.type() === "error" || /Content Security Policy|Refused to/i.test(text)) problems.push(text);
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

async function expectFitsScreen(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

test("sign up, sign out, sign in again on a phone", async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  const email = `ada-${testInfo.project.name}-${Date.now()}@example.test`;

  // Sign-up: the form checks with the server's schema before sending, and names each field.
  await page.goto("/signup?callbackUrl=%2Faccount");
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await expectFitsScreen(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Name is required.")).toBeVisible();
  await expect(page.getByText("Email is required.")).toBeVisible();
  await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password is one of the most common passwords; choose another.")).toBeVisible();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
  await expect(page.getByText(`Ada Lovelace · ${email} · Student`)).toBeVisible();
  await expectFitsScreen(page);
  await expectAccessible(page);

  // The same email again: the server's answer lands next to the field, the other inputs kept.
  await page.context().clearCookies();
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Ada Again");
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Email is already registered.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Ada Again");

  // Signed out, the account page sends the user to sign in and back.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectFitsScreen(page);
  await expectAccessible(page);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-my-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();

  // Change the password: the current one is asked for; this browser stays signed in.
  await page.getByLabel("Current password").fill("wrong-current-one");
  await page.getByLabel("New password").fill("A-brand-new-passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Current password is not correct.")).toBeVisible();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("A-brand-new-passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();

  // Download my data: the user's own JSON.
  const exported = await page.request.get("/api/me/export");
  expect(exported.ok()).toBe(true);
  expect((await exported.json()).profile.email).toBe(email);

  // Sign out with the button.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin$/);
  expect((await page.request.get("/api/me")).status()).toBe(401);

  // Sign in with the new password, then delete the account.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("A-brand-new-passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  await page.goto("/account");
  await page.getByLabel("Password", { exact: true }).fill("A-brand-new-passphrase");
  await page.getByRole("button", { name: "Delete my account and data" }).click();
  await expect(page).toHaveURL(/\/$/);
  expect((await page.request.get("/api/me")).status()).toBe(401);

  expect(problems).toEqual([]);
});
