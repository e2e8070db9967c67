import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { progressCell, queryClassProgress } from "./progress";

export type StudentAssignmentStatus = "upcoming" | "open" | "overdue" | "complete";

export type StudentAssignmentDto = {
  assignmentId: string;
  classId: string;
  className: string;
  title: string;
  courseSlug: string;
  courseTitle: string;
  lessonKeys: string[];
  opensAt: string;
  dueAt: string;
  /** The class's zone, for showing the times as the instructor set them. */
  timeZone: string;
  goal: "learn" | "recall";
  /** `total` leaves out the cards the student suspended (`setAside`); they never block completion. */
  progress: { done: number; total: number; percent: number; setAside: number };
  complete: boolean;
  completedAt: string | null;
  /** Completed after the due time (it still counts). */
  late: boolean;
  status: StudentAssignmentStatus;
};

/**
 * The signed-in student's assignments in every class they are in (not left, not removed, class not
 * archived), soonest due first, each with progress from their own reviews. Nothing about other
 * students is read. For the student dashboard (rendered by the student UI).
 */
export async function listStudentAssignments(actor: Actor, now: Date): Promise<StudentAssignmentDto[]> {
  const client = db();
  const assignments = await client.assignment.findMany({
    where: {
      archivedAt: null,
      class: { archivedAt: null, enrollments: { some: { userId: actor.id, removedAt: null } } },
    },
    select: {
      id: true,
      title: true,
      goal: true,
      opensAt: true,
      dueAt: true,
      class: { select: { id: true, name: true, timeZone: true, courseId: true, course: { select: { slug: true, title: true } } } },
      lessons: { select: { lesson: { select: { key: true, position: true, unit: { select: { position: true } } } } } },
    },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
  });
  if (assignments.length === 0) return [];

  const byCourse = new Map<string, string[]>();
  for (const assignment of assignments) {
    const ids = byCourse.get(assignment.class.courseId) ?? [];
    ids.push(assignment.id);
    byCourse.set(assignment.class.courseId, ids);
  }
  const cells = new Map<string, { total: number; done: number; completedAtMs: number | null; receivedAtMs: number | null; setAside: number }>();
  await Promise.all(
    [...byCourse].map(async ([courseId, ids]) => {
      const raw = await queryClassProgress(client, { courseId, timeZone: "UTC", studentIds: [actor.id] }, ids, now, {
        withCards: false,
        withStudents: false,
      });
      const totals = new Map(raw.totals);
      for (const id of ids) cells.set(id, { total: totals.get(id) ?? 0, done: 0, completedAtMs: null, receivedAtMs: null, setAside: 0 });
      for (const [, assignmentId, done, completedAtMs, , receivedAtMs, setAside] of raw.progress) {
        cells.set(assignmentId, { total: totals.get(assignmentId) ?? 0, done, completedAtMs, receivedAtMs, setAside });
      }
    }),
  );

  return assignments.map((assignment) => {
    const raw = cells.get(assignment.id) ?? { total: 0, done: 0, completedAtMs: null, receivedAtMs: null, setAside: 0 };
    const cell = progressCell(raw.done, raw.total, raw.completedAtMs, assignment.dueAt, { receivedAtMs: raw.receivedAtMs, setAside: raw.setAside });
    const status: StudentAssignmentStatus = cell.complete
      ? "complete"
      : assignment.opensAt.getTime() > now.getTime()
        ? "upcoming"
        : assignment.dueAt.getTime() < now.getTime()
          ? "overdue"
          : "open";
    return {
      assignmentId: assignment.id,
      classId: assignment.class.id,
      className: assignment.class.name,
      title: assignment.title,
      courseSlug: assignment.class.course.slug,
      courseTitle: assignment.class.course.title,
      lessonKeys: assignment.lessons
        .map(({ lesson }) => lesson)
        .sort((a, b) => a.unit.position - b.unit.position || a.position - b.position)
        .map((lesson) => lesson.key),
      opensAt: assignment.opensAt.toISOString(),
      dueAt: assignment.dueAt.toISOString(),
      timeZone: assignment.class.timeZone,
      goal: assignment.goal,
      progress: { done: cell.done, total: cell.total, percent: cell.percent, setAside: cell.setAside },
      complete: cell.complete,
      completedAt: cell.completedAt,
      late: cell.late,
      status,
    };
  });
}

export { leaveClass, listStudentClasses } from "./classes";
