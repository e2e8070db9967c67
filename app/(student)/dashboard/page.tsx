import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { assignmentTiming, offersReading } from "@/lib/classes/assignment-wording";
import { listStudentAssignments, type StudentAssignmentDto } from "@/lib/classes/student";
import { getCourse, listCourses } from "@/lib/courses/bundle";
import { sumProgress } from "@/lib/courses/progress";
import { getLessonMastery } from "@/lib/courses/mastery";
import { getReviewQueue } from "@/lib/review/queue";
import { getStudySettings } from "@/lib/review/settings";
import { getCourseStats } from "@/lib/review/stats";
import { ProgressBar } from "@/app/_components/student/ProgressBar";
import { TimeZoneSync } from "@/app/_components/student/TimeZoneSync";
import styles from "@/app/_components/student/student.module.css";
import dash from "@/app/_components/student/dashboard.module.css";
import { EmptyState, MasteryRing, StatTiles } from "@/app/_components/ui/Ui";

export const metadata: Metadata = { title: "Dashboard" };

function formatDue(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
}

function AssignmentWhen({
  assignment,
  timeZone,
  now,
}: {
  assignment: StudentAssignmentDto;
  timeZone: string;
  now: Date;
}) {
  return (
    <>
      {assignmentTiming(assignment, now).map((part, index) =>
        typeof part === "string" ? (
          part
        ) : (
          <time key={index} dateTime={part.time}>
            {formatDue(part.time, timeZone)}
          </time>
        ),
      )}
    </>
  );
}

export default async function DashboardPage() {
  const user = await guardPage(() => requireUser());
  const now = new Date();
  const courses = await listCourses(user);
  const [summaries, assignments] = await Promise.all([
    Promise.all(
      courses.map(async (course) => {
        const [queue, stats, settings, mastery, stored] = await Promise.all([
          getReviewQueue(user, { course: course.slug, limit: 1 }, now),
          getCourseStats(user, course.slug, now),
          getStudySettings(user, course.slug),
          getLessonMastery(user, course.slug, now),
          getCourse(user, course.slug),
        ]);
        const lessons = stored.bundle.units.flatMap((unit) =>
          unit.lessons.flatMap((lesson) => {
            const id = stored.lessonIds.get(lesson.key);
            return id ? [{ id, key: lesson.key, title: lesson.title, mastery: mastery.get(id) }] : [];
          }),
        );
        return { course, counts: queue.counts, stats, settings, lessons, progress: sumProgress(mastery.values()) };
      }),
    ),
    listStudentAssignments(user, now),
  ]);
  const timeZone = summaries[0]?.settings.timeZone ?? "UTC";
  const streak = Math.max(0, ...summaries.map((summary) => summary.stats.streakDays));

  return (
    <>
      <h1 className={styles.title}>Hello, {user.name}</h1>
      <p className={styles.lead}>
        {streak > 0
          ? `You have reviewed ${streak} day${streak === 1 ? "" : "s"} in a row. Keep it going.`
          : "Review a few cards today to start a streak."}
      </p>

      <section className={styles.section} aria-labelledby="courses-heading">
        <h2 id="courses-heading">Your courses</h2>
        {summaries.length === 0 ? (
          <EmptyState title="No courses yet">
            <p>Courses appear here once your school adds one. Nothing to do until then.</p>
          </EmptyState>
        ) : null}
        <ul className={styles.list}>
          {summaries.map(({ course, counts, stats, settings, progress, lessons }) => {
            const due = counts.review + counts.learning;
            return (
              <li key={course.id} className={styles.panel}>
                <TimeZoneSync course={course.slug} settings={settings} />
                <div className={dash.courseHead}>
                  <MasteryRing
                    value={progress.learned}
                    max={progress.total}
                    label={`${course.title}: cards learned`}
                    large
                  />
                  <div>
                    <h3 className={dash.courseTitle}>
                      <Link className={styles.headingLink} href={`/courses/${course.slug}`}>
                        {course.title}
                      </Link>
                    </h3>
                    <p className={`${styles.small} ${styles.muted}`}>
                      {progress.learned} of {progress.total} cards learned
                    </p>
                  </div>
                </div>
                <StatTiles
                  label={`${course.title}: today`}
                  tiles={[
                    { label: "due today", value: due, accent: due > 0 },
                    { label: "new cards available", value: counts.new },
                    { label: "day streak", value: stats.streakDays },
                  ]}
                />
                {due + counts.new === 0 ? (
                  <p className={dash.caughtUp} data-testid="caught-up">
                    All caught up for today. Your next reviews come back when they are due.
                  </p>
                ) : null}
                <div className={styles.actions}>
                  <Link className={styles.button} href={`/courses/${course.slug}/review`}>
                    {due + counts.new > 0 ? `Review ${due + counts.new} cards` : "Review"}
                  </Link>
                  <Link className={styles.buttonSecondary} href={`/courses/${course.slug}`}>
                    Lessons
                  </Link>
                </div>
                <details className={dash.mastery}>
                  <summary>Mastery by lesson</summary>
                  <ul className={dash.lessonBars}>
                    {lessons.map((lesson) => (
                      <li key={lesson.id}>
                        <Link href={`/courses/${course.slug}/lessons/${lesson.key}`}>{lesson.title}</Link>
                        <span className={`${styles.small} ${styles.muted}`}>
                          {lesson.mastery?.learned ?? 0} of {lesson.mastery?.total ?? 0} learned
                          {lesson.mastery?.recall != null
                            ? ` · recall ${Math.round(lesson.mastery.recall * 100)}%`
                            : ""}
                        </span>
                        <ProgressBar
                          value={lesson.mastery?.learned ?? 0}
                          max={lesson.mastery?.total ?? 0}
                          label={`${lesson.title}: cards learned`}
                        />
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            );
          })}
        </ul>
      </section>

      <section className={styles.section} aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">Assignments</h2>
        {assignments.length === 0 ? (
          <EmptyState
            title="No assignments yet"
            testId="no-assignments"
            action={
              user.role === "student" ? (
                <Link className={styles.buttonSecondary} href="/join">
                  Join a class
                </Link>
              ) : null
            }
          >
            <p>
              When your instructor assigns lessons, they appear here with their due dates. Have a class code or link
              from your instructor? Join the class first.
            </p>
          </EmptyState>
        ) : (
          <>
            {user.role === "student" ? (
              <p className={styles.small}>
                Another class code or link from an instructor?{" "}
                <Link className={styles.inlineAction} href="/join">
                  Join a class
                </Link>
              </p>
            ) : null}
            <ul className={styles.list}>
              {assignments.map((assignment) => (
                <li key={assignment.assignmentId} className={styles.panel}>
                  <div className={styles.row}>
                    <h3 className={dash.assignmentTitle}>{assignment.title}</h3>
                    <span className={styles.small}>{assignment.className}</span>
                  </div>
                  <p className={styles.small}>
                    <AssignmentWhen assignment={assignment} timeZone={timeZone} now={now} />
                    {" · "}
                    {assignment.goal === "recall" ? "learn and recall every card" : "learn every card"}
                  </p>
                  <p className={`${styles.small} ${styles.muted}`}>
                    {assignment.progress.done} of {assignment.progress.total} cards done
                    {assignment.progress.setAside > 0 ? (
                      <>
                        {" · "}
                        <Link href={`/courses/${assignment.courseSlug}/cards?suspended=1`} data-testid="set-aside-note">
                          {assignment.progress.setAside} suspended card{assignment.progress.setAside === 1 ? "" : "s"}{" "}
                          set aside
                        </Link>
                      </>
                    ) : null}
                  </p>
                  <ProgressBar
                    value={assignment.progress.done}
                    max={assignment.progress.total}
                    label={`${assignment.title}: progress`}
                  />
                  {assignment.lessonKeys[0] && offersReading(assignment) ? (
                    <div className={styles.actions}>
                      <Link
                        className={styles.buttonSecondary}
                        href={`/courses/${assignment.courseSlug}/lessons/${assignment.lessonKeys[0]}`}
                      >
                        Start reading
                      </Link>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
