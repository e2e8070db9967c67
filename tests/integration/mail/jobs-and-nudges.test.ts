/**
 * The job queue's guarantees (jobs wait for a worker, failures are retried with backoff, admins see
 * pending and failed jobs) and instructor nudges, with real pg-boss workers and a real SMTP server.
 */
import { startTestSmtpServer } from "@/tests/support/smtp";

let smtp = await startTestSmtpServer();
const smtpPort = smtp.port;
process.env.SMTP_URL = smtp.url;
process.env.NEXTAUTH_URL = "https://retain.example.test";

const { afterAll, beforeAll, describe, expect, test } = await import("vitest");
const { requestPasswordReset } = await import("@/lib/accounts/password-reset");
const { db } = await import("@/lib/db/client");
const { ForbiddenError, NotFoundError, TooManyRequestsError } = await import("@/lib/errors");
const { createAssignment } = await import("@/lib/classes/assignments");
const { createClass, joinClass } = await import("@/lib/classes/classes");
const { listClassNudges, nudgeStudentsBehind } = await import("@/lib/classes/nudges");
const { jobSender, stopJobSender } = await import("@/lib/jobs/boss");
const { QUEUES } = await import("@/lib/jobs/queues");
const { getJobsOverview } = await import("@/lib/jobs/status");
const { startWorker } = await import("@/lib/worker/worker");
const { answerCard } = await import("@/lib/review/answer");
const { registerUser } = await import("@/lib/accounts/users");
const { testActor } = await import("@/tests/support/actors");
const { createCourse, createUser, key } = await import("@/tests/support/fixtures");
const { waitForQueueIdle } = await import("./support");

type Worker = Awaited<ReturnType<typeof startWorker>>;
const workers: Worker[] = [];
let clients = 0;
const headers = () => new Headers({ "x-forwarded-for": `10.17.0.${++clients}` });
// getJobsOverview reads only the role.
const admin = testActor({ id: "admin-not-needed", role: "admin" });

async function startAWorker() {
  const worker = await startWorker({ schedule: false, pollingIntervalSeconds: 0.5, log: () => {} });
  workers.push(worker);
  return worker;
}

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await stopJobSender();
  await smtp.stop();
});

type JobRow = { state: string; retryCount: number; startsInSeconds: number };
async function passwordResetJobs(): Promise<JobRow[]> {
  return db().$queryRawUnsafe<JobRow[]>(
    `SELECT state::text AS state, retry_count AS "retryCount", extract(epoch FROM start_after - now())::float8 AS "startsInSeconds"
     FROM pgboss.job WHERE name = $1 ORDER BY created_on`,
    QUEUES.passwordReset.name,
  );
}

describe("the job queue", () => {
  test("a job waits for a worker, is retried with backoff while mail is down, and is delivered once it is back", async () => {
    const user = await registerUser({ name: "Jo Queue", email: `queue-${key().slice(0, 8)}@example.test`, password: "queue test passphrase" });
    // No worker yet (the app enqueued it; the worker was down).
    await requestPasswordReset({ email: user.email }, headers());
    await expect(getJobsOverview(testActor({ id: user.id, role: "student" }))).rejects.toBeInstanceOf(ForbiddenError);
    const waiting = await getJobsOverview(admin);
    expect(waiting.installed).toBe(true);
    expect(waiting.queues.find((queue) => queue.name === QUEUES.passwordReset.name)).toMatchObject({ pending: 1, active: 0 });

    // The mail server is down when the worker starts: the job fails and waits for its retry.
    await smtp.stop();
    const worker = await startAWorker();
    for (let i = 0; i < 100 && (await passwordResetJobs())[0]?.state !== "retry"; i += 1) await new Promise((resolve) => setTimeout(resolve, 200));
    const [retrying] = await passwordResetJobs();
    expect(retrying?.state).toBe("retry");
    // Backoff: the first retry waits about retryDelay (20 s), with jitter.
    expect(retrying!.startsInSeconds).toBeGreaterThan(5);
    expect((await getJobsOverview(admin)).queues.find((queue) => queue.name === QUEUES.passwordReset.name)).toMatchObject({ retrying: 1 });

    // The mail server is back; skip the rest of the wait instead of sleeping through it.
    smtp = await startTestSmtpServer(smtpPort);
    await db().$executeRawUnsafe(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'retry'`, QUEUES.passwordReset.name);
    const mail = await smtp.waitFor((message) => message.to === user.email);
    expect(mail.subject).toBe("Reset your Retain password");
    await waitForQueueIdle(QUEUES.passwordReset.name);
    const done = (await getJobsOverview(admin)).queues.find((queue) => queue.name === QUEUES.passwordReset.name)!;
    expect(done).toMatchObject({ pending: 0, retrying: 0, failed: 0, completed: 1 });
    expect(done.lastCompletedAt).not.toBeNull();
    await worker.stop();
    workers.splice(workers.indexOf(worker), 1);
  });

  test("a job that fails its last attempt shows as failed, with the error, to admins", async () => {
    const user = await registerUser({ name: "Fay Fail", email: `fail-${key().slice(0, 8)}@example.test`, password: "failing test passphrase" });
    await smtp.stop();
    await (await jobSender()).send(QUEUES.passwordReset.name, { email: user.email }, { retryLimit: 0 });
    await startAWorker();
    let overview = await getJobsOverview(admin);
    for (let i = 0; i < 100 && overview.queues.find((queue) => queue.name === QUEUES.passwordReset.name)!.failed === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      overview = await getJobsOverview(admin);
    }
    const queue = overview.queues.find((entry) => entry.name === QUEUES.passwordReset.name)!;
    expect(queue.failed).toBe(1);
    expect(queue.lastFailure?.error).toMatch(/ECONNREFUSED|connect/i);
    expect(overview.recentFailures[0]).toMatchObject({ queue: QUEUES.passwordReset.name, retries: 0 });
    smtp = await startTestSmtpServer(smtpPort);
  });
});

describe("instructor nudges", () => {
  let classId: string;
  let assignmentId: string;
  let instructor: Awaited<ReturnType<typeof createUser>>;
  const people: Record<string, Awaited<ReturnType<typeof createUser>>> = {};
  const now = new Date("2026-04-14T15:00:00Z");

  beforeAll(async () => {
    if (workers.length === 0) await startAWorker();
    const course = await createCourse({ lessons: 2, cardsPerLesson: 2 });
    instructor = await createUser("instructor", "Ines Instructor");
    const cls = await createClass(instructor, { name: "CJ 201", term: "Spring", courseSlug: course.slug, timeZone: "America/Chicago" });
    classId = cls.id;
    assignmentId = (
      await createAssignment(instructor, classId, { title: "Indicators", lessonKeys: ["lesson-1"], opensAt: "2026-04-01T00:00", dueAt: "2026-04-20T23:59" }, now)
    ).id;
    for (const name of ["done", "behind", "unsubscribed"]) {
      people[name] = await createUser("student", `Student ${name}`);
      await joinClass(people[name]!, { code: cls.joinCode }, "10.0.0.2", now);
    }
    for (const card of course.cards.filter((entry) => entry.lessonId === course.lessons[0]!.id)) {
      await answerCard(people.done!, { cardId: card.id, rating: 4, idempotencyKey: key() }, now);
    }
    await db().reminderSettings.create({ data: { userId: people.unsubscribed!.id, unsubscribedAt: now } });
  });

  test("emails each student behind (not those done or unsubscribed), once a day, and lists who was reminded when", async () => {
    const from = smtp.messages.length;
    const { reminded } = await nudgeStudentsBehind(instructor, classId, assignmentId, now);
    expect(reminded.map((entry) => entry.name)).toEqual(["Student behind"]);
    const mail = await smtp.waitFor((message) => message.to === people.behind!.email, { from });
    expect(mail.subject).toBe('Reminder: "Indicators" is due Mon, 20 Apr 2026, 23:59 GMT-5');
    expect(mail.text).toContain("Ines Instructor is reminding the students of CJ 201");
    expect(mail.headerLines.some((header) => header.key === "list-unsubscribe-post")).toBe(true);
    await waitForQueueIdle(QUEUES.mail.name);

    await expect(nudgeStudentsBehind(instructor, classId, assignmentId, new Date(now.getTime() + 23 * 3_600_000))).rejects.toBeInstanceOf(TooManyRequestsError);
    const [listed] = await listClassNudges(instructor, classId, new Date(now.getTime() + 3_600_000));
    expect(listed).toMatchObject({
      assignmentId,
      nextAllowedAt: new Date(now.getTime() + 24 * 3_600_000).toISOString(),
      nudges: [{ name: "Student behind", remindedAt: now.toISOString(), sent: true }],
    });

    const nextDay = new Date(now.getTime() + 25 * 3_600_000);
    expect((await nudgeStudentsBehind(instructor, classId, assignmentId, nextDay)).reminded).toHaveLength(1);
    expect((await listClassNudges(instructor, classId, nextDay))[0]!.nudges).toHaveLength(2);
    expect(smtp.messages.slice(from).filter((message) => message.to === people.done!.email || message.to === people.unsubscribed!.email)).toEqual([]);
  });

  test("only the class's instructors may nudge", async () => {
    await expect(nudgeStudentsBehind(people.behind!, classId, assignmentId, now)).rejects.toBeInstanceOf(ForbiddenError);
    const stranger = await createUser("instructor", "Other Instructor");
    await expect(nudgeStudentsBehind(stranger, classId, assignmentId, now)).rejects.toBeInstanceOf(NotFoundError);
    await expect(nudgeStudentsBehind(instructor, classId, "no-such-assignment", now)).rejects.toBeInstanceOf(NotFoundError);
  });
});
