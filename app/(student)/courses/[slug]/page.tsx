import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { hasReadContentNote } from "@/lib/courses/content-note";
import { sumProgress } from "@/lib/courses/progress";
import { getLessonMastery, type LessonMasteryDto } from "@/lib/courses/mastery";
import { getReviewQueue } from "@/lib/review/queue";
import { getStudySettings } from "@/lib/review/settings";
import { formatExamDate, formatRecall, getMyExamForecast } from "@/lib/review/exam";
import { AboutSource, ContentNote } from "@/app/_components/student/ContentNote";
import { MasteryRing, PageHeader, StatTiles } from "@/app/_components/ui/Ui";
import { SupportResources } from "@/app/_components/student/SupportResources";
import { TimeZoneSync } from "@/app/_components/student/TimeZoneSync";
import styles from "@/app/_components/student/student.module.css";
import course from "@/app/_components/student/course.module.css";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const course = await requireUser()
    .then((user) => getCourse(user, slug))
    .catch(() => null);
  return { title: course?.title ?? "Course" };
}

type NextStep = {
  title: string;
  detail: string;
  href: string;
  action: string;
  secondary?: { href: string; label: string };
};

/**
 * What the student should do next, first on the page: due reviews before anything new (forgetting
 * costs more than waiting), then the first lesson not yet learned, then nothing but a date with tomorrow.
 */
function nextStep(
  slug: string,
  due: number,
  fresh: number,
  lessons: { key: string; title: string; mastery: LessonMasteryDto | undefined }[],
): NextStep {
  const review = `/courses/${slug}/review`;
  const open = lessons.find((lesson) => (lesson.mastery?.learned ?? 0) < (lesson.mastery?.total ?? 0));
  const reading = open ? { href: `/courses/${slug}/lessons/${open.key}`, label: `Read “${open.title}”` } : undefined;
  if (due > 0) {
    return {
      title: `${due} card${due === 1 ? "" : "s"} due for review`,
      detail:
        fresh > 0
          ? `Reviews first, then ${fresh} new card${fresh === 1 ? "" : "s"}. A few minutes keeps them from slipping.`
          : "A few minutes now keeps them from slipping.",
      href: review,
      action: `Review (${due} due, ${fresh} new)`,
      secondary: reading,
    };
  }
  if (fresh > 0 && open) {
    return {
      title: `Next: ${open.title}`,
      detail: `Read the lesson, then learn its cards: ${fresh} new card${fresh === 1 ? "" : "s"} are ready today.`,
      href: review,
      action: `Review (0 due, ${fresh} new)`,
      secondary: reading,
    };
  }
  return {
    title: "All caught up for today",
    detail: open
      ? "Nothing is due. New cards come with tomorrow's allowance, or study ahead now."
      : "Every card in this course is learned. Reviews come back when they are due.",
    href: review,
    action: `Review (0 due, ${fresh} new)`,
    secondary: { href: `/courses/${slug}/review?extra=ahead`, label: "Study ahead" },
  };
}

function percentOf(value: number | null) {
  return value === null ? null : `${Math.round(value * 100)}%`;
}

export default async function CoursePage({ params }: Props) {
  const { slug } = await params;
  const { user, course: courseEntry } = await guardPage(async () => {
    const user = await requireUser();
    return { user, course: await getCourse(user, slug) };
  });
  const now = new Date();
  const [mastery, queue, settings, noteRead, exam] = await Promise.all([
    getLessonMastery(user, slug, now),
    getReviewQueue(user, { course: slug, limit: 1 }, now),
    getStudySettings(user, slug),
    hasReadContentNote(user, courseEntry.id),
    getMyExamForecast(user, slug, now),
  ]);
  const total = sumProgress(mastery.values());
  const due = queue.counts.review + queue.counts.learning;
  const lessons = courseEntry.bundle.units.flatMap((unit) =>
    unit.lessons.map((lesson) => {
      const lessonId = courseEntry.lessonIds.get(lesson.key);
      return { key: lesson.key, title: lesson.title, mastery: lessonId ? mastery.get(lessonId) : undefined };
    }),
  );
  const step = nextStep(slug, due, queue.counts.new, lessons);
  const studied = [...mastery.values()].filter((entry) => entry.recall !== null);
  const recall = studied.length
    ? studied.reduce((sum, entry) => sum + entry.recall! * entry.started, 0) /
      studied.reduce((sum, entry) => sum + entry.started, 0)
    : null;

  return (
    <>
      <TimeZoneSync course={slug} settings={settings} />
      <PageHeader
        title={courseEntry.title}
        lead={courseEntry.bundle.summary}
        back={{ href: "/dashboard", label: "Dashboard" }}
      />

      {noteRead ? null : (
        <ContentNote
          title="Before you start"
          note={courseEntry.contentNote}
          acknowledge={{ course: slug, next: `/courses/${slug}`, label: "I have read this" }}
        />
      )}

      <section className={`${styles.panel} ${course.next}`} aria-labelledby="next-heading" data-testid="next-step">
        <p className={course.nextKicker}>What to do next</p>
        <h2 id="next-heading" className={course.nextTitle}>
          {step.title}
        </h2>
        <p className={course.nextDetail}>{step.detail}</p>
        <div className={styles.actions}>
          <Link className={styles.button} href={step.href}>
            {step.action}
          </Link>
          {step.secondary ? (
            <Link className={styles.buttonSecondary} href={step.secondary.href}>
              {step.secondary.label}
            </Link>
          ) : null}
        </div>
      </section>

      <section className={styles.section} aria-labelledby="progress-heading">
        <h2 id="progress-heading">Your progress</h2>
        <div className={course.overview}>
          <MasteryRing value={total.learned} max={total.total} label="Cards learned in this course" large />
          <StatTiles
            label="Course figures"
            tiles={[
              { label: "cards learned", value: `${total.learned} of ${total.total}` },
              { label: "started", value: total.started },
              { label: "predicted recall now", value: percentOf(recall) ?? "–" },
            ]}
          />
        </div>
        <nav className={course.links} aria-label="Course">
          <Link href={`/courses/${slug}/cards`}>Cards</Link>
          <Link href={`/courses/${slug}/stats`}>Statistics</Link>
          <Link href={`/courses/${slug}/settings`}>Settings</Link>
        </nav>
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
        {courseEntry.bundle.units.map((unit, unitIndex) => (
          <section key={unit.key} className={course.unit} aria-labelledby={`unit-${unit.key}`}>
            <h3 id={`unit-${unit.key}`} className={course.unitTitle}>
              <span className={course.unitNumber}>Unit {unitIndex + 1}</span> {unit.title}
            </h3>
            <p className={`${styles.small} ${styles.muted}`}>{unit.summary}</p>
            <ol className={course.lessons}>
              {unit.lessons.map((lesson) => {
                const lessonId = courseEntry.lessonIds.get(lesson.key);
                const entry = lessonId ? mastery.get(lessonId) : undefined;
                const lessonRecall = percentOf(entry?.recall ?? null);
                return (
                  <li key={lesson.key}>
                    <Link className={course.lesson} href={`/courses/${slug}/lessons/${lesson.key}`}>
                      <MasteryRing
                        value={entry?.learned ?? 0}
                        max={entry?.total ?? 0}
                        label={`${lesson.title}: cards learned`}
                      />
                      <span className={course.lessonText}>
                        <span className={course.lessonTitle}>{lesson.title}</span>
                        <span className={course.lessonMeta}>
                          {lesson.estimatedMinutes} min read · {entry?.learned ?? 0} of {entry?.total ?? 0} cards
                          learned
                          {lessonRecall ? ` · recall ${lessonRecall}` : ""}
                        </span>
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
      </section>

      {noteRead ? <ContentNote title="Content note" note={courseEntry.contentNote} /> : null}
      <AboutSource about={courseEntry.bundle.source.about} />
      <SupportResources resources={courseEntry.supportResources} />
    </>
  );
}
