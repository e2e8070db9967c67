import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { QUEUES, type EmailVerificationJob, type MailJob, type MemoryModelJob, type PasswordResetJob } from "./queues";

/**
 * pg-boss keeps its jobs in the `pgboss` schema of Retain's own database (docs/decisions/0014-job-queue-and-mail.md).
 * Two kinds of instance per process: the sender (app requests enqueue jobs; no maintenance, no cron)
 * and the worker's own (./worker.ts). Both install or upgrade the schema on start, under pg-boss's lock.
 */
const senders = ((globalThis as { __retainBossSenders?: Map<string, Promise<PgBoss>> }).__retainBossSenders ??= new Map());

export function bossOptions(role: "sender" | "worker"): PgBoss.ConstructorOptions {
  return {
    connectionString: env().DATABASE_URL,
    max: role === "sender" ? 2 : 4,
    application_name: `retain-${role}`,
    supervise: role === "worker",
    schedule: role === "worker",
    // Completed jobs stay a week (admins see the last runs), failed ones too.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
  };
}

/** Postgres errors that two instances creating the same queue at once can get: the loser retries. */
const QUEUE_CREATION_RACES = new Set(["40P01", "23505", "42P07"]);

export async function createQueues(boss: PgBoss): Promise<void> {
  for (const queue of Object.values(QUEUES)) {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = await boss.getQueue(queue.name);
        if (existing) await boss.updateQueue(queue.name, queue);
        else await boss.createQueue(queue.name, queue);
        break;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= 5 || typeof code !== "string" || !QUEUE_CREATION_RACES.has(code)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  }
}

async function startSender(): Promise<PgBoss> {
  const boss = new PgBoss(bossOptions("sender"));
  boss.on("error", (error) => console.error("Job queue (sender):", error));
  await boss.start();
  await createQueues(boss);
  return boss;
}

/** The process's sending instance, started on first use. */
export function jobSender(): Promise<PgBoss> {
  const url = env().DATABASE_URL;
  let boss = senders.get(url);
  if (!boss) {
    boss = startSender();
    senders.set(url, boss);
    // A failed start (database down) is retried on the next call rather than cached.
    boss.catch(() => senders.delete(url));
  }
  return boss;
}

export async function enqueuePasswordReset(job: PasswordResetJob): Promise<void> {
  await (await jobSender()).send(QUEUES.passwordReset.name, job, {});
}

export async function enqueueEmailVerification(job: EmailVerificationJob): Promise<void> {
  await (await jobSender()).send(QUEUES.emailVerification.name, job, {});
}

/** Enqueues a mail job under a stable id: a second enqueue of the same mail is a no-op. */
export async function enqueueMail(job: MailJob, id: string): Promise<void> {
  await (await jobSender()).send(QUEUES.mail.name, job, { id });
}

/**
 * Queues a memory-model run for the course. Null when one is already waiting for it (the queue is
 * stately per course), which will see the same reviews.
 */
export async function enqueueMemoryModelRun(job: MemoryModelJob): Promise<string | null> {
  return (await jobSender()).send(QUEUES.memoryModel.name, job, { singletonKey: job.courseId });
}

/** Stops this process's sender (tests, and scripts that must exit). */
export async function stopJobSender(): Promise<void> {
  const url = env().DATABASE_URL;
  const boss = senders.get(url);
  senders.delete(url);
  if (boss) await (await boss).stop({ graceful: false, wait: true }).catch(() => {});
}
