import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getCardInsight } from "@/lib/classes/cards";
import { RATING_LABELS, RATINGS } from "@/lib/contracts";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Card" };

type Props = { params: Promise<{ id: string; cardId: string }> };

const RATING_COLUMNS = RATINGS.map((rating) => RATING_LABELS[rating]);

/** The passage with the card's quote marked, when the quote is found in it. */
function Passage({ paragraph, quote }: { paragraph: string; quote: string }) {
  const at = quote ? paragraph.indexOf(quote) : -1;
  if (at < 0) return <blockquote className={styles.passage}>{paragraph}</blockquote>;
  return (
    <blockquote className={styles.passage}>
      {paragraph.slice(0, at)}
      <mark className={styles.mark}>{quote}</mark>
      {paragraph.slice(at + quote.length)}
    </blockquote>
  );
}

export default async function CardInsightPage({ params }: Props) {
  const { id, cardId } = await params;
  const { user } = await guardPage(() => requireInstructorOf(id));
  const { card, source, stats } = await guardPage(() => getCardInsight(user, id, cardId));
  return (
    <>
      <p className={styles.small}>
        <Link href={`/teach/classes/${id}#cards`}>← Back to the cards</Link>
      </p>
      <h1 className={styles.title}>Card</h1>
      <p className={styles.subtitle}>
        {card.lesson.title} · {card.kind === "cloze" ? "cloze" : "question and answer"}
      </p>

      <section className={styles.panel} aria-labelledby="card-heading">
        <h2 id="card-heading">Prompt</h2>
        <p>{card.prompt}</p>
        <h3>Answer</h3>
        <p>{card.answer}</p>
        {card.explanation ? (
          <>
            <h3>Explanation</h3>
            <p>{card.explanation}</p>
          </>
        ) : null}
      </section>

      <section className={styles.panel} aria-labelledby="source-heading">
        <h2 id="source-heading">Source passage</h2>
        {source.sourceTitle ? <p className={styles.muted}>{source.sourceTitle}</p> : null}
        {source.paragraph ? <Passage paragraph={source.paragraph} quote={source.quote} /> : <blockquote className={styles.passage}>{source.quote}</blockquote>}
      </section>

      <section className={styles.panel} aria-labelledby="stats-heading">
        <h2 id="stats-heading">How the class does</h2>
        <p>
          {stats.studied} of {stats.students} students have studied it · {stats.answers} answers · Again share{" "}
          {stats.againShare === null ? "–" : `${Math.round(stats.againShare * 100)}%`} · {stats.lapses} lapses · mean difficulty{" "}
          {stats.meanDifficulty === null ? "–" : stats.meanDifficulty.toFixed(1)} (1 easy to 10 hard)
        </p>
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption className="visually-hidden">Answers by rating</caption>
            <thead>
              <tr>
                {RATING_COLUMNS.map((name) => (
                  <th key={name} scope="col" className={styles.num}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {stats.ratings.map((count, index) => (
                  <td key={RATING_COLUMNS[index]} className={styles.num}>
                    {count}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
