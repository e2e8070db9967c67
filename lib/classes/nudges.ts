import "server-only";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError, TooManyRequestsError } from "@/lib/errors";
import { enqueueMail } from "@/lib/jobs/boss";
import { jobIdFor } from "@/lib/jobs/queues";
import { composeMail } from "@/lib/mail/compose";
import { appBaseUrl, unsubscribeUrls } from "@/lib/mail/links";
import { deliver } from "@/lib/mail/transport";
import type { Actor } from "@/lib/auth/actor";
import { classForInstructor, isValidId } from "./access";
import { progressCell, queryClassProgress } from "./progress";
import { formatInZone } from "./time";

/** "Remind students who are behind" may be used once a day per assignment. */
export const NUDGE_INTERVAL_MS = 24 * 3_600_000;

export type NudgeDto = { studentId: string; name: string; email: string; remindedAt: string; sent: boolean };
export type AssignmentNudgesDto = {
  assignmentId: string;
  /** When the button may be used again, or null if it may be used now. */
  nextAllowedAt: string | null;
  nudges: NudgeDto[];
};

async function assignmentOf(actor: Actor, classId: string, assignmentId: string) {
  const { cls } = await classForInstructor(db(), actor, classId);
  if (!isValidId(assignmentId)) throw new NotFoundError("No such assignment.");
  const assignment = await db().assignment.findFirst({
    where: { id: assignmentId, classId, archivedAt: null },
    select: { id: true, title: true, opensAt: true, dueAt: true },
  });
  if (!assignment) throw new NotFoundError("No such assignment.");
  return { cls, assignment };
}

/** Who was reminded when, for each of the class's assignments (newest first), for the dashboard. */
export async function listClassNudges(actor: Actor, classId: string, now: Date): Promise<AssignmentNudgesDto[]> {
  await classForInstructor(db(), actor, classId);
  const assignments = await db().assignment.findMany({
    where: { classId, archivedAt: null },
    select: {
      id: true,
      nudges: {
        orderBy: { createdAt: "desc" },
        select: { studentId: true, createdAt: true, sentAt: true, student: { select: { name: true, email: true } } },
      },
    },
  });
  return assignments.map((assignment) => {
    const last = assignment.nudges[0]?.createdAt;
    const nextAllowed = last ? last.getTime() + NUDGE_INTERVAL_MS : 0;
    return {
      assignmentId: assignment.id,
      nextAllowedAt: nextAllowed > now.getTime() ? new Date(nextAllowed).toISOString() : null,
      nudges: assignment.nudges.map((nudge) => ({
        studentId: nudge.studentId,
        name: nudge.student.name,
        email: nudge.student.email,
        remindedAt: nudge.createdAt.toISOString(),
        sent: nudge.sentAt !== null,
      })),
    };
  });
}

/**
 * Emails every current student of the class who has not completed the assignment (and has not
 * unsubscribed from reminders). Once a day per assignment: the assignment row is locked while the
 * last nudge is checked, so two instructors pressing at once send one round.
 */
export async function nudgeStudentsBehind(
  actor: Actor,
  classId: string,
  assignmentId: string,
  now: Date,
): Promise<{ reminded: NudgeDto[] }> {
  const { cls, assignment } = await assignmentOf(actor, classId, assignmentId);
  if (assignment.opensAt > now) throw new ConflictError("This assignment has not opened yet.");

  const students = await db().enrollment.findMany({
    where: { classId, removedAt: null },
    select: { user: { select: { id: true, name: true, email: true, reminderSettings: { select: { unsubscribedAt: true } } } } },
  });
  const raw = await queryClassProgress(
    db(),
    { courseId: cls.courseId, timeZone: cls.timeZone, studentIds: students.map(({ user }) => user.id) },
    [assignment.id],
    now,
    { withCards: false, withStudents: false },
  );
  const total = new Map(raw.totals).get(assignment.id) ?? 0;
  const done = new Map(raw.progress.map(([userId, , count, completedAtMs, , , setAside]) => [userId, { count, completedAtMs, setAside }]));
  const behind = students
    .map(({ user }) => user)
    .filter((user) => !user.reminderSettings?.unsubscribedAt)
    .filter((user) => {
      const progress = done.get(user.id);
      return !progressCell(progress?.count ?? 0, total, progress?.completedAtMs ?? null, assignment.dueAt, { setAside: progress?.setAside ?? 0 }).complete;
    });

  const created = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Assignment" WHERE id = ${assignment.id} FOR UPDATE`;
    const last = await tx.assignmentNudge.findFirst({
      where: { assignmentId: assignment.id },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    if (last && now.getTime() - last.createdAt.getTime() < NUDGE_INTERVAL_MS) {
      const retryAfter = Math.ceil((last.createdAt.getTime() + NUDGE_INTERVAL_MS - now.getTime()) / 1000);
      throw new TooManyRequestsError(retryAfter, "Students were reminded of this assignment less than a day ago.");
    }
    return Promise.all(
      behind.map((user) =>
        tx.assignmentNudge.create({
          data: { assignmentId: assignment.id, studentId: user.id, sentById: actor.id, createdAt: now },
          select: { id: true, studentId: true },
        }),
      ),
    );
  });
  for (const nudge of created) await enqueueMail({ kind: "nudge", nudgeId: nudge.id }, jobIdFor(`nudge:${nudge.id}`));
  const byId = new Map(behind.map((user) => [user.id, user]));
  return {
    reminded: created.map((nudge) => {
      const user = byId.get(nudge.studentId)!;
      return { studentId: user.id, name: user.name, email: user.email, remindedAt: now.toISOString(), sent: false };
    }),
  };
}

/** The mail job for one nudge. */
export async function sendNudgeMail(nudgeId: string): Promise<"sent" | "skipped"> {
  const nudge = await db().assignmentNudge.findUnique({
    where: { id: nudgeId },
    include: {
      student: { select: { email: true, name: true, reminderSettings: { select: { unsubscribedAt: true } } } },
      sentBy: { select: { name: true } },
      assignment: { select: { title: true, dueAt: true, class: { select: { name: true, timeZone: true } } } },
    },
  });
  if (!nudge || nudge.sentAt || nudge.student.reminderSettings?.unsubscribedAt) return "skipped";
  const { assignment } = nudge;
  const base = appBaseUrl();
  await deliver(
    composeMail({
      to: nudge.student.email,
      subject: `Reminder: "${assignment.title}" is due ${formatInZone(assignment.dueAt, assignment.class.timeZone)}`,
      paragraphs: [
        `Hello ${nudge.student.name},`,
        `${nudge.sentBy?.name ?? "Your instructor"} is reminding the students of ${assignment.class.name} who have not finished "${assignment.title}" yet. It is due ${formatInZone(assignment.dueAt, assignment.class.timeZone)}.`,
      ],
      action: { label: "Open my assignments", url: `${base}/dashboard` },
      footer: [`You get this because you are a student in ${assignment.class.name} on Retain.`],
      unsubscribe: unsubscribeUrls(nudge.studentId),
    }),
  );
  await db().assignmentNudge.update({ where: { id: nudgeId }, data: { sentAt: new Date() } });
  return "sent";
}
