import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { hasReadContentNote } from "@/lib/courses/content-note";
import { lessonProgress, sumProgress } from "@/lib/courses/progress";
import { getReviewQueue } from "@/lib/review/queue";
import { getStudySettings } from "@/lib/review/settings";
import { formatExamDate, formatRecall, getMyExamForecast } from "@/lib/review/exam";
import { AboutSource, ContentNote } from "@/app/_components/student/ContentNote";
import { ProgressBar } from "@/app/_components/student/ProgressBar";
import { SupportResources } from "@/app/_components/student/SupportResources";
import { TimeZoneSync } from "@/app/_components/student/TimeZoneSync";
import styles from "@/app/_components/student/student.module.css";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const course = await requireUser()
    .then((user) => getCourse(user, slug))
    .catch(() => null);
  return { title: course?.title ?? "Course" };
}

export default async function CoursePage({ params }: Props) {
  const { slug } = await params;
  const { user, course } = await guardPage(async () => {
    const user = await requireUser();
    return { user, course: await getCourse(user, slug) };
  });
  const [progress, queue, settings, noteRead, exam] = await Promise.all([
    lessonProgress(user.id, course.id),
    getReviewQueue(user, { course: slug, limit: 1 }, new Date()),
    getStudySettings(user, slug),
    hasReadContentNote(user, course.id),
    getMyExamForecast(user, slug, new Date()),
  ]);
  const total = sumProgress(progress.values());
  const due = queue.counts.review + queue.counts.learning;

  return (
    <>
      <TimeZoneSync course={slug} settings={settings} />
      <p className={styles.crumbs}>
        <Link href="/dashboard">Dashboard</Link>
      </p>
      <h1 className={styles.title}>{course.title}</h1>
      <p className={styles.lead}>{course.bundle.summary}</p>

      <ContentNote
        title="Before you start"
        note={course.contentNote}
        acknowledge={noteRead ? undefined : { course: slug, next: `/courses/${slug}`, label: "I have read this" }}
      />

      <section className={styles.section} aria-labelledby="progress-heading">
        <h2 id="progress-heading" className="visually-hidden">
          Progress
        </h2>
        <p className={styles.small}>
          {total.learned} of {total.total} cards learned · {total.started} started
        </p>
        <ProgressBar value={total.learned} max={total.total} label="Cards learned in this course" />
        <div className={styles.actions}>
          <Link className={styles.button} href={`/courses/${slug}/review`}>
            Review ({due} due, {queue.counts.new} new)
          </Link>
          <Link className={styles.buttonSecondary} href={`/courses/${slug}/cards`}>
            Cards
          </Link>
          <Link className={styles.buttonSecondary} href={`/courses/${slug}/stats`}>
            Statistics
          </Link>
          <Link className={styles.buttonSecondary} href={`/courses/${slug}/settings`}>
            Settings
          </Link>
        </div>
      </section>

      {exam ? (
        <section className={styles.section} aria-labelledby="exam-heading" data-testid="exam-forecast">
          <h2 id="exam-heading">Exam on {formatExamDate(exam.examDate)}</h2>
          {exam.cards === 0 ? (
            <p>Your predicted recall on exam day appears once you have learned some cards.</p>
          ) : (
            <>
              <p>
                Your predicted recall on exam day: <strong data-testid="exam-recall">{formatRecall(exam.meanRecall)}</strong> of the{" "}
                {exam.cards} cards you have learned, if you review nothing more before then.{" "}
                {exam.belowTarget === 0
                  ? `Every card is predicted at or above your target of ${formatRecall(exam.target)}.`
                  : `${exam.belowTarget} ${exam.belowTarget === 1 ? "card is" : "cards are"} predicted below your target of ${formatRecall(exam.target)}.`}
              </p>
              {exam.belowTarget > 0 ? (
                <div className={styles.actions}>
                  <Link className={styles.buttonSecondary} href={`/courses/${slug}/review?extra=exam`} data-testid="study-for-exam">
                    Study them before the exam
                  </Link>
                </div>
              ) : null}
            </>
          )}
          <p className={styles.small}>{exam.className}: the forecast uses your memory model and counts only cards you have learned.</p>
        </section>
      ) : null}

      <section className={styles.section} aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">Lessons</h2>
        {course.bundle.units.map((unit, unitIndex) => (
          <section key={unit.key} className={styles.section} aria-labelledby={`unit-${unit.key}`}>
            <h3 id={`unit-${unit.key}`}>
              Unit {unitIndex + 1}: {unit.title}
            </h3>
            <p className={`${styles.small} ${styles.muted}`}>{unit.summary}</p>
            <ol className={styles.list}>
              {unit.lessons.map((lesson) => {
                const lessonId = course.lessonIds.get(lesson.key);
                const entry = lessonId ? progress.get(lessonId) : undefined;
                return (
                  <li key={lesson.key}>
                    <Link className={styles.lessonLink} href={`/courses/${slug}/lessons/${lesson.key}`}>
                      <span className={styles.lessonTitle}>{lesson.title}</span>
                      <span className={`${styles.small} ${styles.muted}`} style={{ display: "block", margin: "0.25rem 0 0.5rem" }}>
                        {lesson.estimatedMinutes} min read · {entry?.learned ?? 0} of {entry?.total ?? 0} cards learned
                      </span>
                      <ProgressBar value={entry?.learned ?? 0} max={entry?.total ?? 0} label={`${lesson.title}: cards learned`} />
                    </Link>
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
      </section>

      <AboutSource about={course.bundle.source.about} />
      <SupportResources resources={course.supportResources} />
    </>
  );
}
