import "server-only";
import PgBoss from "pg-boss";
import { issueEmailVerification } from "@/lib/accounts/email-verification";
import { issuePasswordReset } from "@/lib/accounts/password-reset";
import { sendNudgeMail } from "@/lib/classes/nudges";
import { runReminderSweep, sendReminderMail } from "@/lib/reminders/sweep";
import { bossOptions, createQueues } from "@/lib/jobs/boss";
import { MEMORY_MODEL_NIGHTLY_CRON, QUEUES, REMINDER_SWEEP_CRON, type EmailVerificationJob, type MailJob, type MemoryModelJob, type PasswordResetJob } from "@/lib/jobs/queues";
import { coursesDueForFit } from "@/lib/memory-model/nightly";
import { runCourseOptimizer } from "@/lib/memory-model/run";

export type Worker = { boss: PgBoss; stop(): Promise<void> };

export type WorkerOptions = {
  /** Seconds between polls when a queue is empty (pg-boss default 2). */
  pollingIntervalSeconds?: number;
  /** Register the quarter-hourly reminder sweep (off in tests that drive the sweep themselves). */
  schedule?: boolean;
  log?: (line: string) => void;
};

/**
 * The job worker, wiring each queue of lib/jobs to its handler in the feature folders (kept out of
 * lib/jobs so the queue itself depends on no feature): runs inside `npm start` (scripts/start.ts) or alone (`npm run worker`). Any number
 * may run against one database: pg-boss hands each job to one of them (SKIP LOCKED), sends each cron
 * tick once, and a job whose handler throws is retried with backoff (lib/jobs/queues.ts).
 */
export async function startWorker(options: WorkerOptions = {}): Promise<Worker> {
  const log = options.log ?? ((line: string) => console.log(line));
  const boss = new PgBoss({ ...bossOptions("worker"), schedule: options.schedule ?? true });
  boss.on("error", (error) => console.error("Job queue:", error));
  await boss.start();
  await createQueues(boss);
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  await boss.work<PasswordResetJob>(QUEUES.passwordReset.name, polling, async ([job]) => {
    if (job) await issuePasswordReset(job.data.email, new Date());
  });
  await boss.work<EmailVerificationJob>(QUEUES.emailVerification.name, polling, async ([job]) => {
    if (job) return { outcome: await issueEmailVerification(job.data.email, new Date()) };
  });
  await boss.work<MailJob>(QUEUES.mail.name, polling, async ([job]) => {
    if (!job) return;
    const outcome = job.data.kind === "reminder" ? await sendReminderMail(job.data.deliveryId) : await sendNudgeMail(job.data.nudgeId);
    return { outcome };
  });
  await boss.work(QUEUES.reminderSweep.name, polling, async () => {
    const result = await runReminderSweep(new Date());
    if (result.queued.length) log(`Study reminders: ${result.queued.length} queued (${result.checked} students with reminders on).`);
    return { checked: result.checked, queued: result.queued.length };
  });
  await boss.work<MemoryModelJob>(QUEUES.memoryModel.name, polling, async ([job]) => {
    if (!job) return;
    const outcome = await runCourseOptimizer(job.data.courseId, { reason: job.data.reason, requestedById: job.data.requestedById });
    if (outcome.status === "done") {
      log(`Memory model: course ${job.data.courseId} fitted (${outcome.students} students, ${outcome.ownWeights} with their own weights, ${outcome.rescheduledStudents} rescheduled).`);
    }
    return outcome;
  });
  await boss.work(QUEUES.memoryModelNightly.name, polling, async () => {
    const courseIds = await coursesDueForFit();
    for (const courseId of courseIds) {
      await boss.send(QUEUES.memoryModel.name, { courseId, reason: "nightly", requestedById: null } satisfies MemoryModelJob, { singletonKey: courseId });
    }
    return { queued: courseIds.length };
  });
  if (options.schedule ?? true) {
    await boss.schedule(QUEUES.reminderSweep.name, REMINDER_SWEEP_CRON, {}, { tz: "UTC" });
    await boss.schedule(QUEUES.memoryModelNightly.name, MEMORY_MODEL_NIGHTLY_CRON, {}, { tz: "UTC" });
  }

  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
