// Screenshots of the issue-15 screens: node /tmp/i15-shots.mjs <label>   (before | after)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import pg from "pg";

const label = process.argv[2];
const base = "http://127.0.0.1:3215";
const out = path.resolve("docs/screenshots/issue-15");
fs.mkdirSync(out, { recursive: true });
const dbUrl = fs.readFileSync(path.join(os.tmpdir(), "retain-e2e-3215.database-url"), "utf8").trim();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, timezoneId: "America/Chicago" };
const shot = async (page, name) => { const height = await page.evaluate(() => document.documentElement.scrollHeight); await page.screenshot({ path: `${out}/${label}-${name}.png`, fullPage: true, clip: { x: 0, y: 0, width: 390, height: Math.min(height, 1600) } }); console.log("shot", name); };
const stamp = Date.now();
const PASSWORD = "Retain-shots-5521";
async function signUp(page, name, email, callbackUrl) {
  await page.goto(`${base}/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === callbackUrl);
}
async function signIn(page, email) {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/signin");
  await page.waitForLoadState("networkidle");
}
const ctx = await browser.newContext(phone);
const teacher = await ctx.newPage();
const email = `shots-${stamp}@example.test`;
await signUp(teacher, "Ines Instructor", email, "/dashboard");
const client = new pg.Client({ connectionString: dbUrl });
await client.connect();
await client.query(`UPDATE "User" SET role = 'instructor' WHERE email = $1`, [email]);
await teacher.context().clearCookies();
await signIn(teacher, email);
await shot(teacher, "instructor-after-sign-in");
await teacher.goto(`${base}/teach`);
await teacher.waitForTimeout(1000);
await teacher.getByLabel("Class name").fill("Anti-trafficking seminar");
await teacher.getByRole("button", { name: "Create class" }).click();
await teacher.waitForTimeout(1500);
await shot(teacher, "class-form-after-error");
await teacher.getByLabel("Term").fill("Spring 2027");
await teacher.getByRole("button", { name: "Create class" }).click();
await teacher.waitForURL(/\/teach\/classes\/[^/]+$/);
const classPath = new URL(teacher.url()).pathname;
const code = ((await teacher.getByTestId("join-code").textContent()) ?? "").trim();
await teacher.getByRole("link", { name: "New assignment" }).click();
await teacher.waitForLoadState("networkidle");
await teacher.getByLabel("Opens").fill("2030-01-10T09:00");
await teacher.getByLabel("Due").fill("2030-01-09T09:00");
await teacher.getByRole("button", { name: "Assign" }).click();
await teacher.waitForTimeout(1500);
await shot(teacher, "new-assignment-errors");
await teacher.locator('input[name="lessonKeys"]').first().check();
await teacher.getByLabel("Opens").fill("");
await teacher.getByLabel("Due").fill("2030-01-09T09:00");
await teacher.getByRole("button", { name: "Assign" }).click();
await teacher.waitForURL((url) => url.pathname === classPath);
await shot(teacher, "class-page-no-students");

const sctx = await browser.newContext(phone);
const student = await sctx.newPage();
await signUp(student, "Sam Student", `sam-${stamp}@example.test`, `/join/${code}`);
await shot(student, "join-link");
await student.getByRole("button", { name: "Join class" }).click();
await student.waitForTimeout(1500);
await student.goto(`${base}/dashboard`);
await shot(student, "student-dashboard");
await student.goto(`${base}/account`);
await shot(student, "account");
await student.goto(`${base}/join`);
await shot(student, "join");
await student.goto(`${base}/offline.html`);
await shot(student, "offline");

await teacher.goto(`${base}${classPath}`);
await shot(teacher, "class-page");
const studentLink = teacher.getByRole("link", { name: "Sam Student" });
if (await studentLink.count()) {
  await studentLink.first().click();
  await teacher.waitForLoadState("networkidle");
  await shot(teacher, "student-page");
}
await client.end();
await browser.close();
