import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/errors";
import { classForInstructor, isValidId } from "./access";
import { toClassDto, type ClassDto } from "./classes";
import { notBefore, RetrievabilityEstimator } from "@/lib/srs";
import { progressCell, queryClassProgress, type ProgressCell } from "./progress";
import { zonedDate } from "./time";

export type DashboardAssignment = {
  id: string;
  title: string;
  goal: "learn" | "recall";
  opensAt: string;
  dueAt: string;
  lessonKeys: string[];
  cardCount: number;
  /** Students who have completed it (late ones included). */
  completed: number;
  completedLate: number;
  meanPercent: number;
  /** Share of current students complete at the end of each class-local day, from opening to today (or a week past due). */
  timeline: { date: string; completed: number; share: number }[];
};

export type DashboardStudent = {
  id: string;
  name: string;
  email: string;
  joinedAt: string;
  /** Keyed by assignment id. */
  progress: Record<string, ProgressCell>;
  /** Mean percent over the class's assignments (null when there are none). */
  completion: number | null;
  cardsLearned: number;
  reviews7d: number;
  overdue: number;
  /** Mean retrievability now of learned cards, 0..1, or null with none. */
  retention: number | null;
  lastActiveAt: string | null;
};

export type DashboardCard = {
  id: string;
  key: string;
  position: number;
  lessonKey: string;
  lessonTitle: string;
  prompt: string;
  answers: number;
  agains: number;
  /** agains / answers, or null when nobody answered it. */
  againShare: number | null;
  lapses: number;
  meanDifficulty: number | null;
  /** Students who have studied it (state other than new). */
  studied: number;
  /** Students for whom it is a leech (lapses at their leech threshold or more). */
  leeches: number;
};

export type ClassDashboard = {
  class: ClassDto;
  generatedAt: string;
  cardCount: number;
  assignments: DashboardAssignment[];
  students: DashboardStudent[];
  cards: DashboardCard[];
};

const DAY_MS = 86_400_000;
const MAX_TIMELINE_DAYS = 120;

function dateRange(from: string, to: string): string[] {
  const dates: string[] = [];
  let at = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  while (at <= end && dates.length < MAX_TIMELINE_DAYS) {
    dates.push(new Date(at).toISOString().slice(0, 10));
    at += DAY_MS;
  }
  return dates;
}

/**
 * Everything the class dashboard shows, for the class's instructors (and admins). Only students
 * currently enrolled appear; only this course's cards and reviews are read.
 */
export async function getClassDashboard(
  actor: Actor,
  classId: string,
  now: Date,
  options: { withCards?: boolean; withStudents?: boolean; onlyStudentId?: string } = {},
): Promise<ClassDashboard> {
  const client = db();
  const { cls, as } = await classForInstructor(client, actor, classId);
  if (options.onlyStudentId !== undefined && !isValidId(options.onlyStudentId)) throw new NotFoundError("No such student in this class.");
  const [assignments, enrollments, cards] = await Promise.all([
    client.assignment.findMany({
      where: { classId, archivedAt: null },
      orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
      select: { id: true, title: true, goal: true, opensAt: true, dueAt: true, lessons: { select: { lesson: { select: { key: true, position: true } } } } },
    }),
    client.enrollment.findMany({
      where: { classId, removedAt: null, ...(options.onlyStudentId !== undefined ? { userId: options.onlyStudentId } : {}) },
      select: { joinedAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    options.withCards === false
      ? Promise.resolve([])
      : client.card.findMany({
          where: { courseId: cls.courseId, archived: false },
          orderBy: { position: "asc" },
          select: { id: true, key: true, position: true, prompt: true, lesson: { select: { key: true, title: true } } },
        }),
  ]);
  const raw = await queryClassProgress(
    client,
    { courseId: cls.courseId, timeZone: cls.timeZone, studentIds: enrollments.map((enrollment) => enrollment.user.id) },
    assignments.map((assignment) => assignment.id),
    now,
    options,
  );

  const dueById = new Map(assignments.map((assignment) => [assignment.id, assignment.dueAt]));
  const cardTotals = new Map(raw.totals);
  const cellsByStudent = new Map<string, Record<string, ProgressCell>>();
  const completionDates = new Map<string, string[]>();
  for (const [userId, assignmentId, done, completedAtMs, completedDate, receivedAtMs, setAside] of raw.progress) {
    const dueAt = dueById.get(assignmentId);
    if (!dueAt) continue;
    const cell = progressCell(done, cardTotals.get(assignmentId) ?? 0, completedAtMs, dueAt, { receivedAtMs, setAside });
    let cells = cellsByStudent.get(userId);
    if (!cells) cellsByStudent.set(userId, (cells = {}));
    cells[assignmentId] = cell;
    if (cell.complete && completedDate) {
      const dates = completionDates.get(assignmentId) ?? [];
      dates.push(completedDate);
      completionDates.set(assignmentId, dates);
    }
  }

  // Answers may commit after `now` and before the read: the estimate and the timelines work at the
  // newest activity read when that is later (docs/decisions/0010-clock-after-the-rows-read.md).
  let newestActivityMs = 0;
  for (const student of raw.students) newestActivityMs = Math.max(newestActivityMs, student[4] ?? 0);
  const asOf = notBefore(now, newestActivityMs ? new Date(newestActivityMs) : null);
  const estimator = new RetrievabilityEstimator(asOf);
  const facts = new Map(
    raw.students.map(([userId, learned, overdue, recent, lastMs, stabilities, reviewed, zone, dayStart, weights]) => [
      userId,
      { learned, overdue, recent, lastMs, retention: estimator.mean(stabilities, reviewed, zone, dayStart, weights) },
    ]),
  );

  const students: DashboardStudent[] = enrollments.map(({ joinedAt, user }) => {
    const cells = { ...(cellsByStudent.get(user.id) ?? {}) };
    for (const assignment of assignments) {
      cells[assignment.id] ??= progressCell(0, cardTotals.get(assignment.id) ?? 0, null, assignment.dueAt);
    }
    const percents = assignments.map((assignment) => cells[assignment.id]?.percent ?? 0);
    const fact = facts.get(user.id);
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      joinedAt: joinedAt.toISOString(),
      progress: cells,
      completion: percents.length ? Math.round(percents.reduce((sum, value) => sum + value, 0) / percents.length) : null,
      cardsLearned: fact?.learned ?? 0,
      reviews7d: fact?.recent ?? 0,
      overdue: fact?.overdue ?? 0,
      retention: fact?.retention ?? null,
      lastActiveAt: fact?.lastMs ? new Date(fact.lastMs).toISOString() : null,
    };
  });

  const today = zonedDate(asOf, cls.timeZone);
  const dashboardAssignments: DashboardAssignment[] = assignments.map((assignment) => {
    const cells = students.map((student) => student.progress[assignment.id]);
    const completed = cells.filter((cell) => cell?.complete).length;
    const completedLate = cells.filter((cell) => cell?.complete && cell.late).length;
    const meanPercent = students.length ? Math.round(cells.reduce((sum, cell) => sum + (cell?.percent ?? 0), 0) / students.length) : 0;
    const opens = zonedDate(assignment.opensAt, cls.timeZone);
    const weekAfterDue = zonedDate(new Date(assignment.dueAt.getTime() + 7 * DAY_MS), cls.timeZone);
    const dates = (completionDates.get(assignment.id) ?? []).sort();
    const firstDate = dates[0] && dates[0] < opens ? dates[0] : opens;
    const lastDate = today < weekAfterDue ? today : weekAfterDue;
    let index = 0;
    const timeline = (lastDate < firstDate ? [] : dateRange(firstDate, lastDate)).map((date) => {
      while (index < dates.length && (dates[index] ?? "") <= date) index += 1;
      return { date, completed: index, share: students.length ? index / students.length : 0 };
    });
    return {
      id: assignment.id,
      title: assignment.title,
      goal: assignment.goal,
      opensAt: assignment.opensAt.toISOString(),
      dueAt: assignment.dueAt.toISOString(),
      lessonKeys: assignment.lessons
        .map(({ lesson }) => lesson)
        .sort((a, b) => a.position - b.position)
        .map((lesson) => lesson.key),
      cardCount: cardTotals.get(assignment.id) ?? 0,
      completed,
      completedLate,
      meanPercent,
      timeline,
    };
  });

  const cardFacts = new Map<string, { answers: number; agains: number; lapses: number; difficultySum: number; studied: number; leeches: number }>();
  for (const [id, answers, agains, lapses, difficultySum, studied, leeches] of raw.cards) {
    const fact = cardFacts.get(id) ?? { answers: 0, agains: 0, lapses: 0, difficultySum: 0, studied: 0, leeches: 0 };
    fact.leeches += leeches;
    fact.answers += answers;
    fact.agains += agains;
    fact.lapses += lapses;
    fact.difficultySum += difficultySum;
    fact.studied += studied;
    cardFacts.set(id, fact);
  }
  const dashboardCards: DashboardCard[] = cards.map((card) => {
    const fact = cardFacts.get(card.id);
    const answers = fact?.answers ?? 0;
    return {
      id: card.id,
      key: card.key,
      position: card.position,
      lessonKey: card.lesson.key,
      lessonTitle: card.lesson.title,
      prompt: card.prompt,
      answers,
      agains: fact?.agains ?? 0,
      againShare: answers ? (fact?.agains ?? 0) / answers : null,
      lapses: fact?.lapses ?? 0,
      meanDifficulty: fact && fact.studied ? fact.difficultySum / fact.studied : null,
      studied: fact?.studied ?? 0,
      leeches: fact?.leeches ?? 0,
    };
  });

  return {
    class: toClassDto(cls, as),
    generatedAt: now.toISOString(),
    cardCount: cards.length,
    assignments: dashboardAssignments,
    students,
    cards: dashboardCards,
  };
}

export type ClassStudentPage = {
  class: ClassDto;
  student: DashboardStudent;
  /** The class's assignments, soonest due first, each with this student's progress. */
  assignments: (Pick<DashboardAssignment, "id" | "title" | "goal" | "opensAt" | "dueAt" | "cardCount"> & { progress: ProgressCell | null })[];
  /** This student's hardest cards: the most Again answers and lapses first, only cards they missed. */
  weakCards: (Pick<DashboardCard, "id" | "prompt" | "lessonTitle" | "answers" | "agains" | "lapses">)[];
  cardCount: number;
};

const WEAK_CARDS_SHOWN = 8;

/** One enrolled student as their instructors see them: the class dashboard narrowed to that student. */
export async function getClassStudent(actor: Actor, classId: string, studentId: string, now: Date): Promise<ClassStudentPage> {
  const dashboard = await getClassDashboard(actor, classId, now, { onlyStudentId: studentId });
  const student = dashboard.students[0];
  if (!student) throw new NotFoundError("No such student in this class.");
  const weakCards = dashboard.cards
    .filter((card) => card.agains > 0 || card.lapses > 0)
    .sort((a, b) => b.agains - a.agains || b.lapses - a.lapses || a.position - b.position)
    .slice(0, WEAK_CARDS_SHOWN)
    .map(({ id, prompt, lessonTitle, answers, agains, lapses }) => ({ id, prompt, lessonTitle, answers, agains, lapses }));
  return {
    class: dashboard.class,
    student,
    assignments: dashboard.assignments.map(({ id, title, goal, opensAt, dueAt, cardCount }) => ({
      id,
      title,
      goal,
      opensAt,
      dueAt,
      cardCount,
      progress: student.progress[id] ?? null,
    })),
    weakCards,
    cardCount: dashboard.cardCount,
  };
}
