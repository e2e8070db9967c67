import "server-only";
import { db } from "@/lib/db/client";
import { requireCourseBySlug } from "./course";
import {
  countCardsByState,
  dueForecast,
  localDayNumber,
  meanRetrievability,
  notBefore,
  RETENTION_WINDOW_DAYS,
  startOfLocalDayNumber,
  trueRetention,
  type StateCounts,
} from "@/lib/srs";
import type { Actor } from "@/lib/auth/actor";
import { loadSchedulingContext } from "./scheduling-context";

export type DailyActivity = { date: string; answers: number; reviewAnswers: number; passed: number };

export type CourseStatsDto = {
  course: string;
  counts: StateCounts;
  dueToday: number;
  forecast: number[];
  trueRetention: { reviewed: number; passed: number; retention: number | null; windowDays: number };
  meanRetrievability: { cards: number; mean: number | null };
  activity: DailyActivity[];
  streakDays: number;
};

function localDateLabel(dayNumber: number, timeZone: string, dayStartHour: number): string {
  const start = startOfLocalDayNumber(dayNumber, timeZone, dayStartHour);
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    start,
  );
}

/** Consecutive local days with at least one answer, ending today (or yesterday, if today has none yet). */
export function streakLength(answeredDays: Set<number>, today: number): number {
  let day = answeredDays.has(today) ? today : today - 1;
  let streak = 0;
  while (answeredDays.has(day)) {
    streak += 1;
    day -= 1;
  }
  return streak;
}

/** Local days (numbered as localDayNumber numbers them) on which the student answered a card of the course. */
async function answeredDayNumbers(
  client: ReturnType<typeof db>,
  userId: string,
  courseId: string,
  timeZone: string,
  dayStartHour: number,
): Promise<Set<number>> {
  const rows = await client.$queryRaw<{ day: Date }[]>`
      SELECT DISTINCT (("reviewedAt" AT TIME ZONE 'UTC' AT TIME ZONE ${timeZone}) - make_interval(hours => ${dayStartHour}))::date AS day
      FROM "ReviewLog"
      WHERE "userId" = ${userId} AND "courseId" = ${courseId} AND "kind" = 'answer' AND NOT "undone"
      ORDER BY day DESC LIMIT 1000`;
  // Postgres dates count days from 1970-01-01 like localDayNumber does.
  return new Set(rows.map((row) => Math.round(row.day.getTime() / 86_400_000)));
}

/**
 * The student's streak in a course as the review page's session end shows it: the days in a row so
 * far, and whether today already counts (a finished session then does not add one).
 */
export async function getStreak(
  actor: Actor,
  courseSlug: string,
  now: Date,
): Promise<{ days: number; today: boolean }> {
  const course = await requireCourseBySlug(actor, courseSlug);
  const client = db();
  const { dayRule } = await loadSchedulingContext(client, actor.id, course.id);
  const answered = await answeredDayNumbers(client, actor.id, course.id, dayRule.timeZone, dayRule.dayStartHour);
  const today = localDayNumber(now, dayRule.timeZone, dayRule.dayStartHour);
  return { days: streakLength(answered, today), today: answered.has(today) };
}

/** The newest instant among the rows read (states' last reviews, answers' times). */
function newestOf(states: { lastReview: Date | null }[], logs: { reviewedAt: Date }[]): Date | null {
  let newest: Date | null = null;
  for (const { lastReview } of states) if (lastReview && (!newest || lastReview > newest)) newest = lastReview;
  for (const { reviewedAt } of logs) if (!newest || reviewedAt > newest) newest = reviewedAt;
  return newest;
}

export async function getCourseStats(actor: Actor, courseSlug: string, clock: Date): Promise<CourseStatsDto> {
  const course = await requireCourseBySlug(actor, courseSlug);
  const client = db();
  const context = await loadSchedulingContext(client, actor.id, course.id);
  const { timeZone, dayStartHour } = context.dayRule;
  // The window is read from the clock's day; a later `now` (below) only narrows it, never widens it.
  const windowStart = startOfLocalDayNumber(
    localDayNumber(clock, timeZone, dayStartHour) - RETENTION_WINDOW_DAYS + 1,
    timeZone,
    dayStartHour,
  );

  const [cardCount, states, logs, answeredDays] = await Promise.all([
    client.card.count({ where: { courseId: course.id, archived: false } }),
    client.cardState.findMany({
      where: { userId: actor.id, courseId: course.id, card: { archived: false } },
      select: { state: true, due: true, stability: true, lastReview: true, suspended: true },
    }),
    client.reviewLog.findMany({
      where: { userId: actor.id, courseId: course.id, kind: "answer", undone: false, reviewedAt: { gte: windowStart } },
      select: { state: true, rating: true, reviewedAt: true },
    }),
    answeredDayNumbers(client, actor.id, course.id, timeZone, dayStartHour),
  ]);

  // An answer may commit after the clock was taken and before these reads: the figures are as of the
  // newest row read when that is later (docs/decisions/0010-clock-after-the-rows-read.md), so a
  // student who answers just after the day starts sees the answer under today.
  const now = notBefore(clock, newestOf(states, logs));
  const today = localDayNumber(now, timeZone, dayStartHour);

  const unstudied = Array.from({ length: Math.max(0, cardCount - states.length) }, () => ({
    state: "new" as const,
    suspended: false,
  }));
  const forecast = dueForecast(states, now, context.dayRule);
  const retention = trueRetention(
    logs.map((log) => ({ state: log.state, rating: log.rating, review: log.reviewedAt })),
    now,
    context.dayRule,
  );

  const activityByDay = new Map<number, DailyActivity>();
  for (let offset = RETENTION_WINDOW_DAYS - 1; offset >= 0; offset -= 1) {
    const day = today - offset;
    activityByDay.set(day, {
      date: localDateLabel(day, timeZone, dayStartHour),
      answers: 0,
      reviewAnswers: 0,
      passed: 0,
    });
  }
  for (const log of logs) {
    const entry = activityByDay.get(localDayNumber(log.reviewedAt, timeZone, dayStartHour));
    if (!entry) continue;
    entry.answers += 1;
    if (log.state === "review") {
      entry.reviewAnswers += 1;
      if (log.rating !== 1) entry.passed += 1;
    }
  }

  return {
    course: course.slug,
    counts: countCardsByState([...states, ...unstudied]),
    dueToday: forecast.dueToday,
    forecast: [...forecast.forecast],
    trueRetention: { ...retention, windowDays: RETENTION_WINDOW_DAYS },
    meanRetrievability: meanRetrievability(states, now, context.params, context.dayRule),
    activity: [...activityByDay.values()],
    streakDays: streakLength(answeredDays, today),
  };
}
