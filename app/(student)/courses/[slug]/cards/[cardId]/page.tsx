import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { getStudentCard } from "@/lib/review/cards";
import { CardActions } from "@/app/_components/cards/CardActions";
import own from "@/app/_components/cards/cards.module.css";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Card" };

type Props = { params: Promise<{ slug: string; cardId: string }> };

const RATINGS = ["", "Again", "Hard", "Good", "Easy"];
const STATES = { new: "New", learning: "Learning", review: "Review", relearning: "Relearning" } as const;

function when(iso: string | null) {
  return iso ? new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) + " UTC" : "–";
}

/** One card: its source passage, how it is scheduled, what memory the model predicts now, and every answer. */
export default async function CardInfoPage({ params }: Props) {
  const { slug, cardId } = await params;
  const { course, card } = await guardPage(async () => {
    const user = await requireUser();
    const course = await getCourse(user, slug);
    return { course, card: await getStudentCard(user, slug, cardId, new Date()) };
  });
  return (
    <>
      <p className={styles.crumbs}>
        <Link href={`/courses/${slug}`}>{course.title}</Link> · <Link href={`/courses/${slug}/cards`}>Cards</Link>
      </p>
      <h1 className={styles.title} data-testid="card-prompt">
        {card.prompt}
      </h1>
      <p className={styles.lead}>
        <strong>Answer:</strong> {card.answer}
      </p>
      {card.explanation ? <p>{card.explanation}</p> : null}

      <section className={styles.panel} aria-labelledby="state-heading">
        <h2 id="state-heading">Schedule</h2>
        <dl className={own.facts} data-testid="card-facts">
          <div>
            <dt>State</dt>
            <dd>
              {STATES[card.state]}
              {card.suspended ? " · suspended" : ""}
              {card.leech ? " · leech" : ""}
            </dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd>{card.due ? when(card.due) : "Not studied yet"}</dd>
          </div>
          <div>
            <dt>Stability</dt>
            <dd>{card.stability === null ? "–" : `${card.stability.toFixed(1)} days`}</dd>
          </div>
          <div>
            <dt>Difficulty</dt>
            <dd>{card.difficulty === null ? "–" : `${card.difficulty.toFixed(1)} / 10`}</dd>
          </div>
          <div>
            <dt>Recall chance now</dt>
            <dd>{card.retrievability === null ? "–" : `${Math.round(card.retrievability * 100)}%`}</dd>
          </div>
          <div>
            <dt>Answers · lapses</dt>
            <dd>
              {card.reps} · {card.lapses}
            </dd>
          </div>
        </dl>
        <CardActions course={slug} cardId={card.id} suspended={card.suspended} studied={card.reps > 0 || card.state !== "new"} />
      </section>

      <section className={styles.panel} aria-labelledby="source-heading">
        <h2 id="source-heading">Source</h2>
        <p className={`${styles.small} ${styles.muted}`}>
          {card.source.title} · {card.lesson.title}
        </p>
        {card.sources.map((passage) => (
          <blockquote key={passage.anchor} className={own.passage}>
            {passage.paragraph ?? passage.quote}
          </blockquote>
        ))}
      </section>

      <section className={styles.panel} aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {card.history.length === 0 ? (
          <p className={styles.muted}>No answers yet.</p>
        ) : (
          <table className={own.history} data-testid="card-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Answer</th>
                <th scope="col">Next in</th>
              </tr>
            </thead>
            <tbody>
              {card.history.map((entry, index) => (
                <tr key={index}>
                  <td>{when(entry.reviewedAt)}</td>
                  <td>
                    {entry.rating === null ? "Reset" : RATINGS[entry.rating]}
                    {entry.undone ? " (undone)" : ""}
                  </td>
                  <td>{entry.rating === null ? "–" : entry.interval}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
