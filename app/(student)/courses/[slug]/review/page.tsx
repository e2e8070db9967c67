import type { Metadata } from "next";
import { headers } from "next/headers";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { hasReadContentNote } from "@/lib/courses/content-note";
import { citedPassages } from "@/lib/courses/quote";
import { NotFoundError } from "@/lib/errors";
import { holdScript } from "@/lib/offline/marks";
import { QUEUE_LIMIT, type QueueDto } from "@/lib/contracts";
import { extraLimit } from "@/lib/offline/session";
import { getExtraQueue, getReviewQueue } from "@/lib/review/queue";
import { getStreak } from "@/lib/review/stats";
import { listStudentAssignments } from "@/lib/classes/student";
import { getReminderSettings } from "@/lib/reminders/settings";
import { LazyReminderSettingsForm } from "@/app/_components/account/LazyReminderSettingsForm";
import { ReviewClient } from "@/app/_components/review/ReviewClient";
import { AboutSource, ContentNote } from "@/app/_components/student/ContentNote";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Review" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The nonce proxy.ts put in this request's CSP (Next reads it the same way for its own scripts). */
async function cspNonce(): Promise<string | undefined> {
  const policy = (await headers()).get("content-security-policy") ?? "";
  return /'nonce-([^']+)'/.exec(policy)?.[1];
}

/**
 * The review session. The server reads today's queue (the same `getReviewQueue` the queue API
 * answers with) so the first card is in the HTML, and sends only the essay paragraphs those cards
 * cite. The client starts from that queue, reconciles it with the outbox in IndexedDB before the
 * card can be answered, then fetches the queue in the background exactly as before (clock,
 * the copy kept for offline use, cards added since). This page, saved by the service worker, still
 * starts a session offline: an inline script hides the server-rendered card while the outbox may
 * know better (lib/offline/marks.ts), and the client falls back to the queue kept in IndexedDB.
 */
export default async function ReviewPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const lessonKey = query.lesson;
  const extra = query.extra === "ahead" || query.extra === "new" || query.extra === "exam" ? query.extra : undefined;
  const { user, course, noteRead } = await guardPage(async () => {
    const user = await requireUser();
    const course = await getCourse(user, slug);
    if (typeof lessonKey === "string" && !course.lessonIds.has(lessonKey)) throw new NotFoundError("No such lesson.");
    // The time zone is detected on the dashboard and course pages (TimeZoneSync), where a student starts.
    return { user, course, noteRead: await hasReadContentNote(user, course.id) };
  });
  if (!noteRead) {
    // Before a student's first review of a course, whichever link brought them here: the content note.
    const next = `/courses/${slug}/review${typeof lessonKey === "string" ? `?lesson=${encodeURIComponent(lessonKey)}` : ""}`;
    return (
      <>
        <p className={styles.crumbs}>
          <a href={`/courses/${slug}`}>{course.title}</a>
        </p>
        <ContentNote
          title="Before you review"
          headingLevel={1}
          note={course.contentNote}
          resources={course.supportResources}
          acknowledge={{ course: slug, next, label: "I have read this: start reviewing" }}
        />
        <AboutSource about={course.bundle.source.about} />
      </>
    );
  }
  // A queue that cannot be read now is not the page's failure: the client fetches it (or uses its copy).
  const now = new Date();
  const [queue, nonce, reminders, streak, assignments] = await Promise.all([
    (extra
      ? getExtraQueue(
          user,
          {
            course: slug,
            extra,
            limit: extraLimit(extra),
            ...(typeof lessonKey === "string" ? { lesson: lessonKey } : {}),
          },
          new Date(),
        )
      : getReviewQueue(user, { course: slug, limit: QUEUE_LIMIT }, now)
    ).catch((error: unknown): QueueDto | null => {
      console.error("review page: the queue could not be read on the server", error);
      return null;
    }),
    cspNonce(),
    getReminderSettings(user).catch(() => null),
    // The session end's streak and celebration: nice to have, never the page's failure.
    getStreak(user, slug, now).catch(() => null),
    listStudentAssignments(user, now).catch(() => []),
  ]);
  const openAssignments = assignments
    .filter((assignment) => assignment.courseSlug === slug && !assignment.complete)
    .map((assignment) => ({ id: assignment.assignmentId, title: assignment.title }));
  const lesson =
    typeof lessonKey === "string"
      ? course.bundle.units.flatMap((unit) => unit.lessons).find((entry) => entry.key === lessonKey)
      : undefined;
  // Only the paragraphs the queue's cards cite; the client fetches any other one when its sheet opens.
  const cited = new Set(queue?.cards.flatMap((card) => citedPassages(card).map((passage) => passage.anchor)) ?? []);
  const paragraphs = Object.fromEntries(
    course.bundle.source.paragraphs
      .filter((paragraph) => cited.has(paragraph.anchor))
      .map((paragraph) => [paragraph.anchor, paragraph.text]),
  );

  return (
    <>
      {queue ? (
        <script
          nonce={nonce}
          suppressHydrationWarning
          dangerouslySetInnerHTML={{ __html: holdScript(user.id, slug, queue.generatedAt) }}
        />
      ) : null}
      <ReviewClient
        // A new session for another lesson or kind of study (a client-side navigation keeps the component otherwise).
        key={`${typeof lessonKey === "string" ? lessonKey : "*"}:${extra ?? "today"}`}
        userId={user.id}
        course={slug}
        courseTitle={course.title}
        lesson={lesson ? { key: lesson.key, title: lesson.title, id: course.lessonIds.get(lesson.key) ?? "" } : null}
        sourceTitle={course.bundle.source.title}
        paragraphs={paragraphs}
        initialQueue={queue}
        afterSession={
          reminders && !reminders.chosen ? (
            <section aria-labelledby="reminder-suggestion-heading" data-testid="reminder-suggestion">
              <h3 id="reminder-suggestion-heading">Get a reminder when cards are due?</h3>
              <p>
                One email a day at the hour you pick, only on days with something to review. Change or stop it any time.
              </p>
              <LazyReminderSettingsForm settings={reminders} timeZones={[]} suggest />
            </section>
          ) : null
        }
        extra={extra ?? null}
        streak={streak}
        openAssignments={openAssignments}
      />
    </>
  );
}
