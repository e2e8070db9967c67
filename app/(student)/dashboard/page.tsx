import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { assignmentTiming, offersReading } from "@/lib/classes/assignment-wording";
import { listStudentAssignments, type StudentAssignmentDto } from "@/lib/classes/student";
import { listCourses } from "@/lib/courses/bundle";
import { lessonProgress, sumProgress } from "@/lib/courses/progress";
import { getReviewQueue } from "@/lib/review/queue";
import { getStudySettings } from "@/lib/review/settings";
import { getCourseStats } from "@/lib/review/stats";
import { ProgressBar } from "@/app/_components/student/ProgressBar";
import { TimeZoneSync } from "@/app/_components/student/TimeZoneSync";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Dashboard" };

function formatDue(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

function AssignmentWhen({ assignment, timeZone, now }: { assignment: StudentAssignmentDto; timeZone: string; now: Date }) {
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
        const [queue, stats, settings, progress] = await Promise.all([
          getReviewQueue(user, { course: course.slug, limit: 1 }, now),
          getCourseStats(user, course.slug, now),
          getStudySettings(user, course.slug),
          lessonProgress(user.id, course.id),
        ]);
        return { course, counts: queue.counts, stats, settings, progress: sumProgress(progress.values()) };
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
        {streak > 0 ? `You have reviewed ${streak} day${streak === 1 ? "" : "s"} in a row. Keep it going.` : "Review a few cards today to start a streak."}
      </p>

      <section className={styles.section} aria-labelledby="courses-heading">
        <h2 id="courses-heading">Your courses</h2>
        {summaries.length === 0 ? <p className={styles.muted}>No courses yet.</p> : null}
        <ul className={styles.list}>
          {summaries.map(({ course, counts, stats, settings, progress }) => {
            const due = counts.review + counts.learning;
            return (
              <li key={course.id} className={styles.panel}>
                <TimeZoneSync course={course.slug} settings={settings} />
                <h3>
                  <Link href={`/courses/${course.slug}`}>{course.title}</Link>
                </h3>
                <div className={styles.figures}>
                  <p className={styles.figure}>
                    <span className={styles.figureValue}>{due}</span>
                    <span className={styles.figureLabel}>due today</span>
                  </p>
                  <p className={styles.figure}>
                    <span className={styles.figureValue}>{counts.new}</span>
                    <span className={styles.figureLabel}>new cards available</span>
                  </p>
                  <p className={styles.figure}>
                    <span className={styles.figureValue}>{stats.streakDays}</span>
                    <span className={styles.figureLabel}>day streak</span>
                  </p>
                </div>
                <p className={`${styles.small} ${styles.muted}`}>
                  {progress.learned} of {progress.total} cards learned
                </p>
                <ProgressBar value={progress.learned} max={progress.total} label={`${course.title}: cards learned`} />
                <div className={styles.actions}>
                  <Link className={styles.button} href={`/courses/${course.slug}/review`}>
                    {due + counts.new > 0 ? `Review ${due + counts.new} cards` : "Review"}
                  </Link>
                  <Link className={styles.buttonSecondary} href={`/courses/${course.slug}`}>
                    Lessons
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section className={styles.section} aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">Assignments</h2>
        {user.role === "student" ? (
          <p className={styles.small}>
            Have a class code or link from your instructor?{" "}
            <Link className={styles.inlineAction} href="/join">
              Join a class
            </Link>
          </p>
        ) : null}
        {assignments.length === 0 ? (
          <p className={styles.muted}>No assignments. When your instructor assigns lessons, they appear here with their due dates.</p>
        ) : (
          <ul className={styles.list}>
            {assignments.map((assignment) => (
              <li key={assignment.assignmentId} className={styles.panel}>
                <div className={styles.row}>
                  <h3>{assignment.title}</h3>
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
                        {assignment.progress.setAside} suspended card{assignment.progress.setAside === 1 ? "" : "s"} set aside
                      </Link>
                    </>
                  ) : null}
                </p>
                <ProgressBar value={assignment.progress.done} max={assignment.progress.total} label={`${assignment.title}: progress`} />
                {assignment.lessonKeys[0] && offersReading(assignment) ? (
                  <div className={styles.actions}>
                    <Link className={styles.buttonSecondary} href={`/courses/${assignment.courseSlug}/lessons/${assignment.lessonKeys[0]}`}>
                      Start reading
                    </Link>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
