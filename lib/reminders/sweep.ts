import "server-only";
import { actorForJob } from "@/lib/auth/background";
import { listStudentAssignments } from "@/lib/classes/student";
import { formatInZone } from "@/lib/classes/time";
import { db } from "@/lib/db/client";
import { enqueueMail } from "@/lib/jobs/boss";
import { jobIdFor } from "@/lib/jobs/queues";
import { composeMail } from "@/lib/mail/compose";
import { appBaseUrl, unsubscribeUrls } from "@/lib/mail/links";
import { deliver } from "@/lib/mail/transport";
import { getReviewQueue } from "@/lib/review/queue";
import { ASSIGNMENT_HORIZON_MS, reminderSlot, reminderWorkload, type ReminderWorkload } from "./rule";

/** Unsent reminders younger than this are enqueued again by the next sweep (a crash between the two steps). */
const RESEND_WITHIN_MS = 6 * 3_600_000;

type Candidate = {
  userId: string;
  enabled: boolean;
  hour: number;
  timeZone: string;
  unsubscribedAt: Date | null;
  updatedAt: Date;
  lastSeenAt: Date | null;
  lastSentLocalDate: string | null;
};

export type SweepResult = { checked: number; queued: { userId: string; localDate: string; deliveryId: string }[] };

/**
 * One pass of the reminder job at `now` (the worker runs it every quarter hour). Decides with the
 * pure rule (./rule.ts) who is at their hour, reads what each of them has to do, and records one
 * ReminderDelivery per student and local date: the unique key makes this safe to run on any
 * number of instances at once. Each new delivery is mailed by its own job (retried with backoff).
 */
export async function runReminderSweep(now: Date): Promise<SweepResult> {
  const candidates = await db().$queryRaw<Candidate[]>`
    SELECT rs."userId", rs.enabled, rs.hour, rs."timeZone", rs."unsubscribedAt", rs."updatedAt", u."lastSeenAt",
           (SELECT max(d."localDate") FROM "ReminderDelivery" d WHERE d."userId" = rs."userId") AS "lastSentLocalDate"
    FROM "ReminderSettings" rs JOIN "User" u ON u.id = rs."userId"
    WHERE rs.enabled AND rs."unsubscribedAt" IS NULL`;

  const queued: SweepResult["queued"] = [];
  for (const candidate of candidates) {
    const lastVisitAt =
      candidate.lastSeenAt && candidate.lastSeenAt > candidate.updatedAt ? candidate.lastSeenAt : candidate.updatedAt;
    const slot = reminderSlot({
      now,
      preference: candidate,
      lastVisitAt,
      lastSentLocalDate: candidate.lastSentLocalDate,
    });
    if (!slot.send) continue;
    const content = reminderWorkload(await workloadOf(candidate.userId, now));
    if (!content) continue;
    const [inserted] = await db().$queryRaw<{ id: string }[]>`
      INSERT INTO "ReminderDelivery" (id, "userId", "localDate", "dueCards", "assignmentCards", minutes, assignments, "createdAt")
      VALUES (${`rd_${crypto.randomUUID()}`}, ${candidate.userId}, ${slot.localDate}, ${content.dueCards}, ${content.assignmentCards},
              ${content.minutes}, ${content.assignments.map(describeAssignment(candidate.timeZone))}, ${now})
      ON CONFLICT ("userId", "localDate") DO NOTHING
      RETURNING id`;
    if (!inserted) continue;
    queued.push({ userId: candidate.userId, localDate: slot.localDate, deliveryId: inserted.id });
    await enqueueMail({ kind: "reminder", deliveryId: inserted.id }, jobIdFor(`reminder:${inserted.id}`));
  }

  const unsent = await db().reminderDelivery.findMany({
    where: { sentAt: null, createdAt: { gte: new Date(now.getTime() - RESEND_WITHIN_MS), lt: now } },
    select: { id: true },
  });
  for (const { id } of unsent) await enqueueMail({ kind: "reminder", deliveryId: id }, jobIdFor(`reminder:${id}`));

  return { checked: candidates.length, queued };
}

function describeAssignment(timeZone: string) {
  return (assignment: ReminderWorkload["assignments"][number]) =>
    `${assignment.title} (${assignment.className}): ${assignment.cardsLeft} card${assignment.cardsLeft === 1 ? "" : "s"} to go, due ${formatInZone(assignment.dueAt, timeZone)}`;
}

/** Today's queue in every course the student studies, and their unfinished assignments due within 48 hours. */
export async function workloadOf(userId: string, now: Date): Promise<ReminderWorkload> {
  const actor = await actorForJob(userId);
  if (!actor) return { dueCards: 0, assignments: [] };
  const courses = await db().course.findMany({
    where: {
      OR: [
        { cardStates: { some: { userId } } },
        { classes: { some: { archivedAt: null, enrollments: { some: { userId, removedAt: null } } } } },
      ],
    },
    select: { slug: true },
  });
  let dueCards = 0;
  for (const { slug } of courses) {
    const { counts } = await getReviewQueue(actor, { course: slug, limit: 1 }, now);
    dueCards += counts.learning + counts.review;
  }
  const assignments = (await listStudentAssignments(actor, now))
    .filter((assignment) => {
      const dueIn = Date.parse(assignment.dueAt) - now.getTime();
      return !assignment.complete && Date.parse(assignment.opensAt) <= now.getTime() && dueIn > 0 && dueIn <= ASSIGNMENT_HORIZON_MS;
    })
    .map((assignment) => ({
      title: assignment.title,
      className: assignment.className,
      dueAt: new Date(assignment.dueAt),
      cardsLeft: assignment.progress.total - assignment.progress.done,
    }));
  return { dueCards, assignments };
}

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The mail job for one reminder: sends it unless it was sent already or the student opted out since. */
export async function sendReminderMail(deliveryId: string): Promise<"sent" | "skipped"> {
  const delivery = await db().reminderDelivery.findUnique({
    where: { id: deliveryId },
    include: { user: { select: { email: true, name: true, reminderSettings: true } } },
  });
  const settings = delivery?.user.reminderSettings;
  if (!delivery || delivery.sentAt || !settings?.enabled || settings.unsubscribedAt) return "skipped";

  const subject =
    delivery.dueCards > 0
      ? `${plural(delivery.dueCards, "card")} to review today (about ${plural(delivery.minutes, "minute")})`
      : `An assignment is due soon (about ${plural(delivery.minutes, "minute")})`;
  const paragraphs = [`Hello ${delivery.user.name},`];
  if (delivery.dueCards > 0) {
    paragraphs.push(
      `${plural(delivery.dueCards, "card")} ${delivery.dueCards === 1 ? "is" : "are"} due for review today. Reviewing now, when they are about to slip, is what makes them stick.`,
    );
  }
  if (delivery.assignments.length) {
    paragraphs.push(`Due within 48 hours: ${delivery.assignments.join("; ")}.`);
  }
  paragraphs.push(`It should take about ${plural(delivery.minutes, "minute")}.`);
  const base = appBaseUrl();
  const message = composeMail({
    to: delivery.user.email,
    subject,
    paragraphs,
    action: { label: "Start reviewing", url: `${base}/dashboard` },
    footer: [
      `You get this because you turned on study reminders at ${String(settings.hour).padStart(2, "0")}:00 (${settings.timeZone}): at most one a day, only when something is due. Change them on your account page: ${base}/account`,
    ],
    unsubscribe: unsubscribeUrls(delivery.userId),
  });
  await deliver(message);
  await db().reminderDelivery.update({ where: { id: deliveryId }, data: { sentAt: new Date() } });
  return "sent";
}
