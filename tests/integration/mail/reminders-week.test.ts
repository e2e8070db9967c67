/**
 * Study reminders over a simulated week (5 to 12 March 2026, across the US spring-forward change on
 * 8 March) for a seeded class: the reminder sweep runs every virtual quarter hour, twice at once (two
 * app instances), two real job workers send the mail, and a real SMTP server in this process
 * receives it. The test prints who got what when, and checks it is exactly what the rules call for.
 */
import { startTestSmtpServer } from "@/tests/support/smtp";

const smtp = await startTestSmtpServer();
process.env.SMTP_URL = smtp.url;
process.env.NEXTAUTH_URL = "https://retain.example.test";

const { afterAll, beforeAll, expect, test } = await import("vitest");
const { db } = await import("@/lib/db/client");
const { createAssignment } = await import("@/lib/classes/assignments");
const { createClass, joinClass } = await import("@/lib/classes/classes");
const { stopJobSender } = await import("@/lib/jobs/boss");
const { startWorker } = await import("@/lib/worker/worker");
const { localClock } = await import("@/lib/reminders/rule");
const { runReminderSweep } = await import("@/lib/reminders/sweep");
const { POST: oneClickUnsubscribe } = await import("@/app/api/unsubscribe/route");
const { createCourse, createUser } = await import("@/tests/support/fixtures");

// Midnight to midnight in New York (EST, UTC-5).
const WEEK_START = new Date("2026-03-05T05:00:00Z");
const WEEK_END = new Date("2026-03-12T05:00:00Z");
const QUARTER_HOUR = 15 * 60_000;
const EVE_UNSUBSCRIBES_AT = new Date("2026-03-07T12:00:00Z");

type Student = { id: string; email: string; name: string; timeZone: string; actor: Awaited<ReturnType<typeof createUser>> };
const students: Record<string, Student> = {};
let workers: Awaited<ReturnType<typeof startWorker>>[] = [];

async function addStudent(
  name: string,
  reminders: { enabled: boolean; hour: number; timeZone: string } | null,
  lastSeenAt: Date,
): Promise<Student> {
  const user = await createUser("student", name);
  await db().user.update({ where: { id: user.id }, data: { lastSeenAt } });
  if (reminders) {
    await db().reminderSettings.create({ data: { userId: user.id, ...reminders } });
    // As if chosen before the week (the pause rule counts from the later of this and the last visit).
    await db().$executeRaw`UPDATE "ReminderSettings" SET "updatedAt" = ${new Date("2026-02-20T00:00:00Z")} WHERE "userId" = ${user.id}`;
  }
  const student = { id: user.id, email: user.email, name, timeZone: reminders?.timeZone ?? "UTC", actor: user };
  students[name] = student;
  return student;
}

/** Review-state cards due before the week starts: due every day of it, since nobody studies. */
async function cardsDue(student: Student, cards: { id: string }[], courseId: string) {
  for (const card of cards) {
    await db().cardState.create({
      data: {
        userId: student.id,
        cardId: card.id,
        courseId,
        due: new Date("2026-03-04T12:00:00Z"),
        stability: 3,
        difficulty: 5,
        elapsedDays: 3,
        scheduledDays: 3,
        learningSteps: 0,
        reps: 2,
        lapses: 0,
        state: "review",
        lastReview: new Date("2026-03-01T12:00:00Z"),
      },
    });
  }
}

beforeAll(async () => {
  const course = await createCourse({ lessons: 2, cardsPerLesson: 3 });
  const lessonOneCards = course.cards.filter((card) => card.lessonId === course.lessons[0]!.id);
  const instructor = await createUser("instructor", "Ines");
  const cls = await createClass(instructor, { name: "CJ 101", term: "Spring 2026", courseSlug: course.slug, timeZone: "America/New_York" });
  await createAssignment(
    instructor,
    cls.id,
    { title: "Lesson 2", lessonKeys: ["lesson-2"], opensAt: "2026-03-01T00:00", dueAt: "2026-03-10T23:59" },
    new Date("2026-03-01T00:00:00Z"),
  );
  const recently = new Date("2026-03-04T20:00:00Z");
  // Ana: 18:00 in New York, three cards due, in the class (its assignment is due Tue 10 March 23:59 EDT).
  const ana = await addStudent("ana", { enabled: true, hour: 18, timeZone: "America/New_York" }, recently);
  await cardsDue(ana, lessonOneCards, course.id);
  // Ben: 07:00 in London, in the class, nothing due: mail only while the assignment is due within 48 h.
  const ben = await addStudent("ben", { enabled: true, hour: 7, timeZone: "Europe/London" }, recently);
  // Cai: cards due, reminders off.
  const cai = await addStudent("cai", { enabled: false, hour: 18, timeZone: "America/New_York" }, recently);
  await cardsDue(cai, lessonOneCards, course.id);
  // Dee: 02:00 in New York (the hour the clocks skip on 8 March), last visit 22 February 18:00 UTC: paused 14 days later.
  const dee = await addStudent("dee", { enabled: true, hour: 2, timeZone: "America/New_York" }, new Date("2026-02-22T18:00:00Z"));
  await cardsDue(dee, lessonOneCards, course.id);
  // Eve: like Ana but not in the class; unsubscribes with the one-click link of her mail on 7 March.
  const eve = await addStudent("eve", { enabled: true, hour: 18, timeZone: "America/New_York" }, recently);
  await cardsDue(eve, lessonOneCards, course.id);
  for (const student of [ana, ben, cai]) await joinClass(student.actor, { code: cls.joinCode }, "10.0.0.1", new Date("2026-03-01T00:00:00Z"));

  // Two workers, as two app instances would run them.
  workers = await Promise.all([0, 1].map(() => startWorker({ schedule: false, pollingIntervalSeconds: 0.5, log: () => {} })));
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await stopJobSender();
  await smtp.stop();
});

function unsubscribeUrlOf(mail: (typeof smtp.messages)[number]): string {
  const line = mail.headerLines.find((header) => header.key === "list-unsubscribe")?.line ?? "";
  return /<([^>]+)>/.exec(line.replace(/\r?\n\s+/g, ""))?.[1] ?? "";
}

test("a simulated week sends exactly the reminders the rules call for", { timeout: 240_000 }, async () => {
  const byEmail = new Map(Object.values(students).map((student) => [student.email, student]));
  const table: { student: string; sweepUtc: string; local: string; subject: string }[] = [];
  let eveUnsubscribed = false;

  for (let t = WEEK_START.getTime(); t < WEEK_END.getTime(); t += QUARTER_HOUR) {
    const now = new Date(t);
    if (!eveUnsubscribed && now >= EVE_UNSUBSCRIBES_AT) {
      const lastMail = smtp.messages.filter((mail) => mail.to === students.eve!.email).at(-1)!;
      const url = unsubscribeUrlOf(lastMail);
      expect(url).toMatch(/^https:\/\/retain\.example\.test\/api\/unsubscribe\?u=/);
      expect(lastMail.headerLines.find((header) => header.key === "list-unsubscribe-post")?.line).toMatch(/List-Unsubscribe=One-Click/);
      const path = url.replace("https://retain.example.test", "http://localhost");
      const answer = await oneClickUnsubscribe(new Request(path, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } }));
      expect(answer.status).toBe(200);
      eveUnsubscribed = true;
    }
    const from = smtp.messages.length;
    // Two instances sweep at the same instant.
    const [first, second] = await Promise.all([runReminderSweep(now), runReminderSweep(now)]);
    const queued = [...first.queued, ...second.queued];
    for (const entry of queued) {
      const student = Object.values(students).find((candidate) => candidate.id === entry.userId)!;
      const mail = await smtp.waitFor((message) => message.to === student.email, { from });
      const clock = localClock(now, student.timeZone);
      table.push({ student: student.name, sweepUtc: now.toISOString().slice(5, 16), local: `${clock.date.slice(5)} ${String(clock.hour).padStart(2, "0")}h`, subject: mail.subject });
    }
  }
  // Two sweeps race within one instant: order each instant's rows by name.
  table.sort((a, b) => a.sweepUtc.localeCompare(b.sweepUtc) || a.student.localeCompare(b.student));
  // Let any stray duplicate arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  console.log(
    `\nReminders over the simulated week (sweeps every 15 min, two instances, two workers):\n` +
      `student | sweep (UTC) | student's local time | subject\n` +
      table.map((row) => `${row.student.padEnd(7)} | ${row.sweepUtc} | ${row.local} | ${row.subject}`).join("\n"),
  );

  expect(table.map((row) => `${row.student} ${row.sweepUtc} ${row.local}`)).toEqual([
    "dee 03-05T07:00 03-05 02h",
    "ana 03-05T23:00 03-05 18h",
    "eve 03-05T23:00 03-05 18h",
    "dee 03-06T07:00 03-06 02h",
    "ana 03-06T23:00 03-06 18h",
    "eve 03-06T23:00 03-06 18h",
    "dee 03-07T07:00 03-07 02h",
    "ana 03-07T23:00 03-07 18h",
    // Spring forward: 02:00 does not exist; Dee's reminder comes at 03:00 EDT, the last before her pause.
    "dee 03-08T07:00 03-08 03h",
    "ana 03-08T22:00 03-08 18h",
    // The assignment is due within 48 hours: Ben, with no card due, hears about it two mornings.
    "ben 03-09T07:00 03-09 07h",
    "ana 03-09T22:00 03-09 18h",
    "ben 03-10T07:00 03-10 07h",
    "ana 03-10T22:00 03-10 18h",
    "ana 03-11T22:00 03-11 18h",
  ]);
  // Exactly one mail per row: none doubled by the second instance or worker, none to Cai, none to Eve after unsubscribing.
  expect(smtp.messages).toHaveLength(table.length);
  for (const mail of smtp.messages) expect(byEmail.has(mail.to)).toBe(true);

  const anaMails = smtp.messages.filter((mail) => mail.to === students.ana!.email);
  expect(anaMails[0]!.subject).toBe("3 cards to review today (about 1 minute)");
  expect(anaMails[4]!.subject).toBe("3 cards to review today (about 2 minutes)");
  expect(anaMails[4]!.text).toContain("Due within 48 hours: Lesson 2 (CJ 101): 3 cards to go, due Tue, 10 Mar 2026, 23:59 GMT-4.");
  const benMail = smtp.messages.find((mail) => mail.to === students.ben!.email)!;
  expect(benMail.subject).toBe("An assignment is due soon (about 2 minutes)");
  expect(benMail.text).toContain("https://retain.example.test/dashboard");
  expect(benMail.html).toContain("Start reviewing");
  expect(unsubscribeUrlOf(benMail)).toContain(`u=${students.ben!.id}`);

  const settings = await db().reminderSettings.findUniqueOrThrow({ where: { userId: students.eve!.id } });
  expect(settings.enabled).toBe(false);
  expect(settings.unsubscribedAt).not.toBeNull();
  expect(await db().reminderDelivery.count({ where: { sentAt: null } })).toBe(0);
});
