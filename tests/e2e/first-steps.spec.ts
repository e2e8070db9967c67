import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PHONE } from "@/tests/support/chromium";

/**
 * The first hour on a phone (issue 15): an instructor made with `npm run user:create` while the app
 * runs signs in and lands on their classes, creates a class (a form error keeps their time zone) and
 * an assignment, shares the link; a new student signs up from it, sees which class it is, joins, and
 * finds "Join a class" and the menu on every page; the instructor's class page shows the summary and
 * opens the student's page. Nothing scrolls sideways; axe finds nothing in light or dark.
 */

const PASSWORD = "Retain-first-steps-5521";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SHOTS = "test-results/screenshots/first-steps";
const CHICAGO = { ...PHONE, timezoneId: "America/Chicago" };

const run = promisify(execFile);

/** `npm run user:create` as an operator runs it next to the running app: the e2e server's data folder, no DATABASE_URL. */
async function userCreate(args: string[]) {
  const port = Number(process.env.E2E_PORT ?? 3210);
  const dataDir = fs.readFileSync(path.join(os.tmpdir(), `retain-e2e-${port}.data-dir`), "utf8").trim();
  const env: NodeJS.ProcessEnv = { ...process.env, RETAIN_DATA_DIR: dataDir, NODE_OPTIONS: "" };
  delete env.DATABASE_URL;
  return run(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/user-create.ts", ...args], {
    env,
    timeout: 120_000,
  });
}

async function axe(page: Page, label: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const bad = results.violations.filter(
      (violation) => violation.impact === "serious" || violation.impact === "critical",
    );
    const report = bad.map(
      (violation) =>
        `${colorScheme} ${label}: ${violation.id} ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
    );
    // Soft: one run reports every page's violations, and the journey goes on.
    expect.soft(report, report.join("\n")).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** The header's menu is there, "Get help" beside it, and (for students) the menu offers "Join a class". */
async function hasMenu(page: Page, options: { join: boolean }) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Get help" })).toBeVisible();
  await nav.getByText("Menu", { exact: true }).click();
  await expect(nav.getByRole("link", { name: "Account" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Join a class" })).toHaveCount(options.join ? 1 : 0);
  await page.keyboard.press("Escape");
  await expect(nav.getByRole("link", { name: "Account" })).toBeHidden();
}

async function phone(browser: Browser) {
  const context = await browser.newContext(CHICAGO);
  return { context, page: await context.newPage() };
}

test("an instructor made from the command line sets up a class on a phone; a student finds the way in", async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the phone journey");
  // Sixteen axe scans and two sign-ups: minutes on a shared machine.
  test.setTimeout(600_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const stamp = Date.now();
  const instructorEmail = `ines-${stamp}@example.test`;

  // The operator makes the instructor while the app runs (it used to refuse: "already in use").
  const made = await userCreate([
    "--email",
    instructorEmail,
    "--role",
    "instructor",
    "--password",
    PASSWORD,
    "--name",
    "Ines Instructor",
  ]);
  expect(made.stdout).toContain(`Created ${instructorEmail} (Ines Instructor) as instructor.`);

  // Signing in lands on their classes, not on the study dashboard.
  const { context: teacherContext, page: teacher } = await phone(browser);
  await teacher.goto("/signin");
  await teacher.getByLabel("Email").fill(instructorEmail);
  await teacher.getByLabel("Password").fill(PASSWORD);
  await teacher.getByRole("button", { name: "Sign in" }).click();
  await expect(teacher).toHaveURL(/\/teach$/);
  await expect(teacher.getByRole("heading", { level: 1, name: "Your classes" })).toBeVisible();
  await hasMenu(teacher, { join: false });
  await noSidewaysScroll(teacher);

  // A class: the time zone starts at the device's; a form error keeps it (and every other value).
  const zone = teacher.getByLabel("Time zone", { exact: true });
  await expect(zone).toHaveValue("America/Chicago");
  await teacher.getByLabel("Class name").fill("Anti-trafficking seminar");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher.getByText("Term is required.")).toBeVisible();
  await expect(zone).toHaveValue("America/Chicago");
  await expect(teacher.getByLabel("Class name")).toHaveValue("Anti-trafficking seminar");
  await axe(teacher, "/teach with a form error");
  await teacher.screenshot({ path: `${SHOTS}/class-form-error.png`, fullPage: true });
  // The list is searchable and holds current names only.
  await teacher.getByLabel("Find a zone by city or region").fill("Kyiv");
  await expect(zone).toHaveValue("Europe/Kyiv");
  await expect(zone.locator('option[value="Europe/Kiev"]')).toHaveCount(0);
  await teacher.getByLabel("Find a zone by city or region").fill("Chicago");
  await expect(zone).toHaveValue("America/Chicago");
  await teacher.getByLabel("Term").fill("Spring 2027");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher).toHaveURL(/\/teach\/classes\/[^/]+$/);
  await expect(teacher.getByText(/times in America\/Chicago/)).toBeVisible();
  const classPath = new URL(teacher.url()).pathname;
  const code = ((await teacher.getByTestId("join-code").textContent()) ?? "").trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  await expect(teacher.getByTestId("class-summary")).toContainText("No students yet");
  await noSidewaysScroll(teacher);

  // An assignment: every problem is reported at once; then the first lesson, due in a week.
  await teacher.getByRole("link", { name: "New assignment" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "New assignment" })).toBeVisible();
  await teacher.getByLabel("Opens").fill("2030-01-10T09:00");
  await teacher.getByLabel("Due").fill("2030-01-09T09:00");
  await teacher.getByRole("button", { name: "Assign" }).click();
  await expect(teacher.getByText("Lessons must name at least one lesson.")).toBeVisible();
  await expect(teacher.getByText("Due must be after the opening time.")).toBeVisible();
  await noSidewaysScroll(teacher);
  await axe(teacher, "new assignment with errors");
  await teacher.screenshot({ path: `${SHOTS}/assignment-errors.png`, fullPage: true });
  await teacher.locator('input[name="lessonKeys"]').first().check();
  await teacher.getByLabel("Opens").fill("");
  await teacher.getByLabel("Due").fill("2030-01-09T09:00");
  await teacher.getByRole("button", { name: "Assign" }).click();
  await expect(teacher).toHaveURL(classPath);
  // The assignment counts its cards before anyone joins.
  await expect(teacher.getByText(/· [1-9]\d* cards/).first()).toBeVisible();
  await expect(teacher.getByTestId("class-summary")).toBeVisible();

  // The student follows the shared link signed out: sign in is offered, they create an account instead.
  const { context: studentContext, page: student } = await phone(browser);
  await student.goto(`/join/${code}`);
  await expect(student).toHaveURL(/\/signin\?callbackUrl=/);
  await student.getByRole("link", { name: /create an account/i }).click();
  await student.getByLabel("Name").fill("Sam Student");
  await student.getByLabel("Email").fill(`sam-${stamp}@example.test`);
  await student.getByLabel("Password").fill(PASSWORD);
  await student.getByRole("button", { name: "Create account" }).click();
  await expect(student).toHaveURL(new RegExp(`/join/${code}$`));
  const preview = student.getByTestId("join-preview");
  await expect(student.getByRole("heading", { level: 1, name: "Join Anti-trafficking seminar" })).toBeVisible();
  await expect(preview).toContainText("Spring 2027");
  await expect(preview).toContainText("Ines Instructor");
  await hasMenu(student, { join: true });
  await noSidewaysScroll(student);
  await axe(student, "join link");
  await student.screenshot({ path: `${SHOTS}/join-link.png`, fullPage: true });
  await student.getByRole("button", { name: "Join class" }).tap();
  await expect(student.getByText("You joined Anti-trafficking seminar.")).toBeVisible();

  // Every page has the header and the menu; the dashboard offers "Join a class" too.
  await student.goto("/dashboard");
  await expect(student.getByRole("main").getByRole("link", { name: "Join a class" })).toBeVisible();
  for (const where of ["/dashboard", "/join", "/account", "/help"]) {
    await student.goto(where);
    await expect(student.locator("h1").first()).toBeVisible();
    await hasMenu(student, { join: true });
    await noSidewaysScroll(student);
    await axe(student, where);
  }

  // The instructor's class page at 390 px: the summary, the student as a card, their own page.
  await teacher.goto(classPath);
  const summary = teacher.getByTestId("class-summary");
  await expect(summary.getByRole("heading", { name: /Overdue work/ })).toBeVisible();
  await expect(summary.getByRole("heading", { name: /Behind pace/ })).toBeVisible();
  await expect(summary.getByRole("heading", { name: "Due next" })).toBeVisible();
  await expect(summary).toContainText("0 of 1 student done");
  await expect(teacher.getByText(/Sorted by Name, A to Z/)).toBeVisible();
  await noSidewaysScroll(teacher);
  await axe(teacher, "class page");
  await teacher.screenshot({ path: `${SHOTS}/class-page.png`, fullPage: true });
  await teacher.getByTestId("students-list").getByRole("link", { name: "Sam Student" }).tap();
  await expect(teacher.getByRole("heading", { level: 1, name: "Sam Student" })).toBeVisible();
  await expect(teacher.getByRole("heading", { name: "Cards they find hard" })).toBeVisible();
  await expect(teacher.getByTestId("student-figures")).toContainText("Last active");
  await noSidewaysScroll(teacher);
  await axe(teacher, "student page");
  await teacher.screenshot({ path: `${SHOTS}/student-page.png`, fullPage: true });

  await studentContext.close();
  await teacherContext.close();
});
