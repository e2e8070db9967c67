import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { readContentNote } from "./content-note";

/**
 * The instructor's journey against the production build: sign up and get promoted, create a class
 * and an assignment, a student joins by the link on a phone and completes the assignment by
 * reviewing in the review UI, the dashboard shows 100% for them and so does the gradebook CSV.
 *
 * Instructor accounts are made the way an operator would (`npm run user:create` sets the role in the
 * database): the spec signs up through the form and then sets the role in the e2e database, whose URL
 * scripts/e2e-server.ts leaves in a file for it.
 */

const PASSWORD = "Retain-teach-e2e-5521";
const SHOTS = "test-results/screenshots";

function databaseUrl(): string {
  const port = Number(process.env.E2E_PORT ?? 3210);
  return fs.readFileSync(path.join(os.tmpdir(), `retain-e2e-${port}.database-url`), "utf8").trim();
}

async function promote(email: string, role: "instructor" | "admin") {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const result = await client.query(`UPDATE "User" SET role = $1::"Role" WHERE email = $2`, [role, email]);
    expect(result.rowCount).toBe(1);
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

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("an instructor assigns a lesson; a student joins by link on a phone and completes it", async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "one journey: the instructor on a laptop-sized screen, the student on the phone");
  test.setTimeout(240_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const stamp = Date.now();

  // The instructor, on a laptop-sized screen.
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const teacher = await laptop.newPage();
  const instructorEmail = `ines-${stamp}@example.test`;
  await signUp(teacher, "Ines Instructor", instructorEmail, "/teach");
  await promote(instructorEmail, "instructor");
  await teacher.goto("/teach");
  await expect(teacher.getByRole("heading", { level: 1, name: "Your classes" })).toBeVisible();
  await expectAccessible(teacher);

  // A new class: the create form (course and zone preselected), then its dashboard.
  await teacher.getByLabel("Class name").fill("Anti-trafficking seminar");
  await teacher.getByLabel("Term").fill("Spring 2027");
  await teacher.getByLabel("Time zone").selectOption("America/Chicago");
  await teacher.getByRole("button", { name: "Create class" }).click();
  await expect(teacher).toHaveURL(/\/teach\/classes\/[^/]+$/);
  await expect(teacher.getByRole("heading", { level: 1, name: "Anti-trafficking seminar" })).toBeVisible();
  const classUrl = new URL(teacher.url());
  const classId = classUrl.pathname.split("/").at(-1)!;
  const code = ((await teacher.getByTestId("join-code").textContent()) ?? "").trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);

  // An assignment of the first lesson, due in a week (the form's default).
  await teacher.getByRole("link", { name: "New assignment" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "New assignment" })).toBeVisible();
  const firstLesson = teacher.locator('input[name="lessonKeys"]').first();
  await firstLesson.check();
  const lessonKey = (await firstLesson.getAttribute("value"))!;
  const lessonLabel = ((await firstLesson.locator("xpath=..").textContent()) ?? "").replace(/\(\d+ cards\)/, "").trim();
  await expectAccessible(teacher);
  await teacher.getByRole("button", { name: "Assign" }).click();
  await expect(teacher).toHaveURL(classUrl.pathname);
  await expect(teacher.getByRole("heading", { level: 3, name: lessonLabel })).toBeVisible();
  await teacher.screenshot({ path: `${SHOTS}/instructor-dashboard-empty.png`, fullPage: true });

  // The student follows the join link on the phone: sign up first, then join.
  const studentEmail = `sam-${stamp}@example.test`;
  await signUp(page, "Sam Student", studentEmail, `/join/${code}`);
  await expect(page).toHaveURL(new RegExp(`/join/${code}$`));
  await expect(page.getByText(`Join code ${code}`)).toBeVisible();
  await noHorizontalScroll(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Join class" }).tap();
  await expect(page.getByText("You joined Anti-trafficking seminar.")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/phone-joined.png`, fullPage: true });
  await page.getByRole("link", { name: "Go to the course" }).tap();
  await expect(page).toHaveURL(/\/courses\/[^/]+$/);
  const courseSlug = new URL(page.url()).pathname.split("/").at(-1)!;

  // Review on the phone: the assigned lesson's new cards come first; Easy takes each to review. Cloze
  // siblings wait for another day (one card of a note a day), so today's session leaves them.
  const assignmentProgress = async () => {
    const response = await page.request.get("/api/classes/assigned");
    expect(response.ok()).toBe(true);
    const { assignments } = (await response.json()) as { assignments: { classId: string; progress: { percent: number; total: number } }[] };
    return assignments.find((assignment) => assignment.classId === classId)!.progress;
  };
  expect((await assignmentProgress()).percent).toBe(0);
  // A new student's first review opens on the content note.
  await readContentNote(page, courseSlug);
  const card = page.getByTestId("review-card");
  const total = (await assignmentProgress()).total;
  expect(total).toBeGreaterThan(0);
  const lessonCards = ((await (await page.request.get(`/api/courses/${courseSlug}/cards`)).json()) as { cards: { id: string; noteKey: string; lesson: { key: string } }[] }).cards.filter(
    (entry) => entry.lesson.key === lessonKey,
  );
  expect(lessonCards).toHaveLength(total);
  const notes = new Set(lessonCards.map((entry) => entry.noteKey)).size;
  for (let answered = 0; answered < notes; answered += 1) {
    await expect(card).toHaveAttribute("data-revealed", "false");
    const note = await card.getAttribute("data-note-key");
    expect(lessonCards.some((entry) => entry.noteKey === note)).toBe(true);
    await card.tap();
    await expect(card).toHaveAttribute("data-revealed", "true");
    await page.getByRole("button", { name: /^Easy/ }).tap();
  }
  await expect(page.getByTestId("sync-status")).toHaveAttribute("data-pending", "0");
  // The siblings left for later days, answered here as they would be then (the queue buries them today).
  const open = ((await (await page.request.get(`/api/courses/${courseSlug}/cards`)).json()) as { cards: { id: string; state: string; lesson: { key: string } }[] }).cards.filter(
    (entry) => entry.lesson.key === lessonKey && entry.state === "new",
  );
  expect(open).toHaveLength(total - notes);
  for (const entry of open) {
    const response = await page.request.post("/api/review", { data: { cardId: entry.id, rating: 4, idempotencyKey: `sibling-${entry.id}-${stamp}` } });
    expect(response.ok()).toBe(true);
  }
  await expect.poll(async () => (await assignmentProgress()).percent, { timeout: 20_000 }).toBe(100);

  // The instructor's dashboard shows 100% for the student, on time.
  await teacher.reload();
  const row = teacher.getByTestId("students-table").getByRole("row", { name: /Sam Student/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").first()).toHaveText("100%");
  await expect(teacher.getByText("1 of 1 complete")).toBeVisible();
  await teacher.screenshot({ path: `${SHOTS}/instructor-dashboard.png` });
  await expectAccessible(teacher);

  // The gradebook download says so too.
  const [download] = await Promise.all([teacher.waitForEvent("download"), teacher.getByRole("link", { name: "Download gradebook (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^gradebook-anti-trafficking-seminar-spring-2027-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split("\r\n");
  // Every text cell is quoted (RFC 4180; spreadsheets that split on ";" then keep a name whole); numbers are bare.
  expect(lines[0]).toMatch(/^"Student","Email",".+ \(due \d{4}-\d{2}-\d{2}, %\)"$/);
  expect(lines[1]).toBe(`"Sam Student","${studentEmail}",100`);

  // The same dashboard on a phone: nothing scrolls sideways (the tables scroll inside their frames).
  const phoneTeacher = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await laptop.storageState() });
  const small = await phoneTeacher.newPage();
  await small.goto(classUrl.pathname);
  await expect(small.getByTestId("students-list")).toBeVisible();
  await noHorizontalScroll(small);
  await expectAccessible(small);
  await small.goto(`${classUrl.pathname}/settings`);
  await expect(small.getByRole("heading", { level: 1, name: "Settings and roster" })).toBeVisible();
  await expect(small.getByText("Sam Student")).toBeVisible();
  await noHorizontalScroll(small);
  await expectAccessible(small);
  await small.goto(classUrl.pathname);
  await small.screenshot({ path: `${SHOTS}/phone-instructor-dashboard.png` });
  await small.getByTestId("students-list").scrollIntoViewIfNeeded();
  await small.screenshot({ path: `${SHOTS}/phone-instructor-students.png` });
  await phoneTeacher.close();
  await laptop.close();
});
