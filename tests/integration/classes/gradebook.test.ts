/**
 * The gradebook CSV over HTTP: headers, BOM, CRLF, quoting, formula neutralisation, percentages
 * and the late marker from real reviews.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import { queryHttpDatabase, registerAndSignIn, type TestClient } from "@/tests/support/session";
import { createHttpCourse, type HttpCourse } from "./support";

let course: HttpCourse;
let instructor: TestClient;
let classId: string;

const NASTY_NAMES = [
  '=HYPERLINK("http://evil.example","click")',
  "+1 555 0100",
  "-2+3",
  "@SUM(A1:A2)",
  "\tTabbed",
  'Doe, Jane "JD"',
  "Line one\nLine two",
  "Zoë Ünïcode",
];

beforeAll(async () => {
  course = await createHttpCourse({ lessons: 2, cardsPerLesson: 2 });
  instructor = await registerAndSignIn(baseUrl, { role: "instructor" });
  const created = await instructor.fetch("/api/classes", {
    method: "POST",
    json: { name: "Grades, \"Quoted\" & Ünïcode", term: "Fall 2026", courseSlug: course.slug, timeZone: "America/Chicago" },
  });
  const cls = await created.json();
  classId = cls.id;

  const now = Date.now();
  const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  // Already due (in any zone): work done now is late. Due next year: on time.
  const past = await instructor.fetch(`/api/classes/${classId}/assignments`, {
    method: "POST",
    json: { title: "=cmd|' /C calc'!A0", lessonKeys: ["lesson-1"], opensAt: iso(-10 * 86_400_000), dueAt: iso(-5 * 86_400_000) },
  });
  expect(past.status).toBe(201);
  const future = await instructor.fetch(`/api/classes/${classId}/assignments`, {
    method: "POST",
    json: { title: "Lesson 2", lessonKeys: ["lesson-2"], dueAt: iso(365 * 86_400_000) },
  });
  expect(future.status).toBe(201);

  for (const name of NASTY_NAMES) {
    const student = await registerAndSignIn(baseUrl, { name: "Placeholder" });
    await queryHttpDatabase(`UPDATE "User" SET name = $1 WHERE id = $2`, [name, student.user.id]);
    expect((await student.fetch("/api/classes/join", { method: "POST", json: { code: cls.joinCode } })).status).toBe(200);
    if (name === "Zoë Ünïcode") {
      // Learns everything now: lesson 1 late, lesson 2 on time.
      for (const cardId of course.cardIds) {
        const answered = await student.fetch("/api/review", { method: "POST", json: { cardId, rating: 4, idempotencyKey: randomUUID() } });
        expect(answered.status).toBe(200);
      }
    }
    if (name === "+1 555 0100") {
      const answered = await student.fetch("/api/review", { method: "POST", json: { cardId: course.cardIds[2], rating: 4, idempotencyKey: randomUUID() } });
      expect(answered.status).toBe(200);
    }
  }
});

test("a download with a safe name, BOM, CRLF, quoting and neutralised formulas", async () => {
  const response = await instructor.fetch(`/api/classes/${classId}/gradebook.csv`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const disposition = response.headers.get("content-disposition") ?? "";
  expect(disposition).toMatch(/^attachment; filename="gradebook-grades-quoted-unicode-fall-2026-\d{4}-\d{2}-\d{2}\.csv"$/);

  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  expect(text.startsWith("\uFEFF")).toBe(true);
  const body = text.slice(1);
  expect(body.endsWith("\r\n")).toBe(true);

  const lines = parseCsv(body);
  expect(lines[0]).toEqual(["Student", "Email", expect.stringMatching(/^'=cmd\|' \/C calc'!A0 \(due \d{4}-\d{2}-\d{2}, %\)$/), expect.stringMatching(/^Lesson 2 \(due /)]);
  const byName = new Map(lines.slice(1).map((row) => [row[0], row]));
  expect(byName.get(`'=HYPERLINK("http://evil.example","click")`)?.slice(2)).toEqual(["0", "0"]);
  expect(byName.get("'+1 555 0100")?.slice(2)).toEqual(["0", "50"]);
  expect(byName.has("'-2+3")).toBe(true);
  expect(byName.has("'@SUM(A1:A2)")).toBe(true);
  expect(byName.has("'\tTabbed")).toBe(true);
  expect(byName.has('Doe, Jane "JD"')).toBe(true);
  expect(byName.has("Line one\nLine two")).toBe(true);
  expect(byName.get("Zoë Ünïcode")?.slice(2)).toEqual(["100 (late)", "100"]);
  expect(lines).toHaveLength(1 + NASTY_NAMES.length);

  // The raw text: quotes doubled, fields with commas/quotes/newlines quoted, rows end in CRLF only.
  expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  expect(body).toContain(`"Doe, Jane ""JD"""`);
  expect(body).toContain(`"Line one\nLine two"`);
  expect(body.replace(/"[^"]*(?:""[^"]*)*"/g, "").match(/\n/g)?.length).toBe(body.replace(/"[^"]*(?:""[^"]*)*"/g, "").match(/\r\n/g)?.length);
});

/** A strict RFC 4180 reader for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      index += 1;
    } else field += char;
  }
  return rows;
}
