import { createHash } from "node:crypto";
import type PgBoss from "pg-boss";

/**
 * Every queue Retain runs, with its retry policy. Retries back off exponentially (pg-boss:
 * retryDelay · 2^n with jitter); a job still failing after its last retry stays `failed` and shows on
 * /admin/jobs. Handlers live in ./worker.ts.
 */
export const QUEUES = {
  /** A password-reset request: look the address up, issue a token, mail the link. */
  passwordReset: { name: "password-reset", retryLimit: 5, retryDelay: 20, retryBackoff: true, expireInSeconds: 300 },
  /** A new account's address-confirmation mail (EMAIL_VERIFICATION=required): issue a token, mail the link. */
  emailVerification: { name: "email-verification", retryLimit: 5, retryDelay: 20, retryBackoff: true, expireInSeconds: 300 },
  /** One reminder or nudge mail, by the id of its row (ReminderDelivery, AssignmentNudge). */
  mail: { name: "mail", retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  /** Every quarter hour: who is due a study reminder now. */
  reminderSweep: { name: "reminder-sweep", retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 },
  /**
   * One optimizer run for a course (lib/memory-model/run.ts): one queued and one active per course
   * (stately, keyed by course id); a crash is retried and the run resumes where it stopped.
   */
  memoryModel: { name: "memory-model", policy: "stately", retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 1800 },
  /** Nightly: enqueue a memory-model run for every course with reviews since its last run. */
  memoryModelNightly: { name: "memory-model-nightly", retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 600 },
} as const satisfies Record<string, PgBoss.Queue & { name: string }>;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]["name"];

export const REMINDER_SWEEP_CRON = "*/15 * * * *";
/** 03:30 UTC: the quiet hours of the Americas and Europe. */
export const MEMORY_MODEL_NIGHTLY_CRON = "30 3 * * *";

export type PasswordResetJob = { email: string };
export type EmailVerificationJob = { email: string };
export type MemoryModelJob = { courseId: string; reason: "nightly" | "on-demand" | "command"; requestedById: string | null };
export type MailJob = { kind: "reminder"; deliveryId: string } | { kind: "nudge"; nudgeId: string };

/**
 * A job id derived from what the job is about, so enqueueing the same thing twice (two sweeps, a
 * retried request) inserts one job: pg-boss skips an insert whose id exists.
 */
export function jobIdFor(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
