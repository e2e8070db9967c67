import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getClassStudent } from "@/lib/classes/dashboard";
import { formatInZone } from "@/lib/classes/time";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Student" };

type Props = { params: Promise<{ id: string; studentId: string }> };

/** One student of the class, for their instructors: assignments, progress, weak cards, activity, retention. */
export default async function ClassStudentPage({ params }: Props) {
  const { id, studentId } = await params;
  const { user } = await guardPage(() => requireInstructorOf(id));
  const now = new Date();
  const { class: cls, student, assignments, weakCards, cardCount } = await guardPage(() => getClassStudent(user, id, studentId, now));
  const when = (iso: string | null) => (iso ? formatInZone(new Date(iso), cls.timeZone) : "never");
  return (
    <>
      <p className={styles.small}>
        <Link href={`/teach/classes/${id}#students`}>← {cls.name}: all students</Link>
      </p>
      <h1 className={styles.title}>{student.name}</h1>
      <p className={styles.subtitle}>
        <a href={`mailto:${student.email}`}>{student.email}</a> · joined {when(student.joinedAt)}
      </p>

      <dl className={styles.itemFigures} data-testid="student-figures">
        <div>
          <dt>Completion</dt>
          <dd>{student.completion === null ? "–" : `${student.completion}%`}</dd>
        </div>
        <div>
          <dt>Cards learned</dt>
          <dd>
            {student.cardsLearned} / {cardCount}
          </dd>
        </div>
        <div>
          <dt>Est. retention</dt>
          <dd>{student.retention === null ? "–" : `${Math.round(student.retention * 100)}%`}</dd>
        </div>
        <div>
          <dt>Overdue cards</dt>
          <dd>{student.overdue}</dd>
        </div>
        <div>
          <dt>Reviews (7 days)</dt>
          <dd>{student.reviews7d}</dd>
        </div>
        <div>
          <dt>Last active</dt>
          <dd>{when(student.lastActiveAt)}</dd>
        </div>
      </dl>

      <section className={styles.section} aria-labelledby="student-assignments">
        <h2 id="student-assignments">Assignments</h2>
        {assignments.length === 0 ? <p>No assignments yet.</p> : null}
        <ul className={styles.itemList}>
          {assignments.map((assignment) => {
            const progress = assignment.progress;
            const state = !progress
              ? "not started"
              : progress.complete
                ? progress.late
                  ? "complete, late"
                  : "complete"
                : Date.parse(assignment.dueAt) <= now.getTime()
                  ? "past due"
                  : "in progress";
            return (
              <li key={assignment.id} className={styles.item}>
                <h3 className={styles.itemHeading}>{assignment.title}</h3>
                <p className={`${styles.small} ${styles.muted}`}>Due {formatInZone(new Date(assignment.dueAt), cls.timeZone)}</p>
                <p className={styles.small}>
                  <strong>{progress ? `${progress.percent}%` : "0%"}</strong> · {progress?.done ?? 0} of {assignment.cardCount} cards · {state}
                </p>
              </li>
            );
          })}
        </ul>
      </section>

      <section className={styles.section} aria-labelledby="student-weak">
        <h2 id="student-weak">Cards they find hard</h2>
        {weakCards.length === 0 ? (
          <p>No Again answers or lapses yet.</p>
        ) : (
          <ul className={styles.itemList}>
            {weakCards.map((card) => (
              <li key={card.id} className={styles.item}>
                <Link className={styles.itemTitle} href={`/teach/classes/${id}/cards/${card.id}`}>
                  {card.prompt.length > 120 ? `${card.prompt.slice(0, 117)}…` : card.prompt}
                </Link>
                <p className={`${styles.small} ${styles.muted}`}>
                  {card.lessonTitle} · Again {card.agains} of {card.answers} answers · {card.lapses} {card.lapses === 1 ? "lapse" : "lapses"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className={`${styles.small} ${styles.muted}`}>
        Est. retention is the mean predicted recall today of learned cards. Computed {formatInZone(now, cls.timeZone)}.
      </p>
    </>
  );
}
