import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getLesson } from "@/lib/courses/bundle";
import type { LessonCardDto } from "@/lib/contracts";
import { getLessonCards } from "@/lib/review/queue";
import { InlineCard } from "@/app/_components/cards/InlineCard";
import { hasReadContentNote } from "@/lib/courses/content-note";
import { AboutSource, ContentNote } from "@/app/_components/student/ContentNote";
import { SupportResources } from "@/app/_components/student/SupportResources";
import styles from "@/app/_components/student/student.module.css";
import lessonStyles from "@/app/_components/student/lesson.module.css";

type Props = { params: Promise<{ slug: string; lessonKey: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, lessonKey } = await params;
  const view = await requireUser()
    .then((user) => getLesson(user, slug, lessonKey))
    .catch(() => null);
  return { title: view?.lesson.title ?? "Lesson" };
}

export default async function LessonPage({ params }: Props) {
  const { slug, lessonKey } = await params;
  const { view, user, inline, noteRead } = await guardPage(async () => {
    const user = await requireUser();
    const view = await getLesson(user, slug, lessonKey);
    return { view, user, inline: await getLessonCards(user, slug, lessonKey, new Date()), noteRead: await hasReadContentNote(user, view.course.id) };
  });
  // Each card right after the passage it cites (review inside the reading).
  const cardsByAnchor = new Map<string, LessonCardDto[]>();
  for (const entry of inline.cards) cardsByAnchor.set(entry.card.source.anchor, [...(cardsByAnchor.get(entry.card.source.anchor) ?? []), entry]);
  const { course, unit, lesson, passages, previous, next, cardCount } = view;
  const isFirst = previous === null;
  const lessonPath = `/courses/${slug}/lessons/${lesson.key}`;

  return (
    <article className={lessonStyles.article}>
      <p className={styles.crumbs}>
        <Link href={`/courses/${slug}`}>{course.title}</Link>
      </p>
      <p className={`${styles.small} ${styles.muted}`}>
        {unit.title} · {lesson.estimatedMinutes} min read
      </p>
      <h1 className={styles.title}>{lesson.title}</h1>

      {isFirst || !noteRead ? (
        // On the first lesson always; on any other lesson entered before the student has read it.
        <ContentNote
          note={course.contentNote}
          acknowledge={noteRead ? undefined : { course: slug, next: lessonPath, label: "I have read this" }}
        />
      ) : null}

      {lesson.objectives.length > 0 ? (
        <section className={styles.panel} aria-labelledby="objectives-heading">
          <h2 id="objectives-heading">In this lesson you will</h2>
          <ul>
            {lesson.objectives.map((objective) => (
              <li key={objective}>{objective}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className={lessonStyles.body} dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />

      {lesson.beyondTheEssay ? (
        <aside className={`${styles.panel} ${lessonStyles.beyond}`} aria-labelledby="beyond-heading">
          <h2 id="beyond-heading">{lesson.beyondTheEssay.title}</h2>
          <p>{lesson.beyondTheEssay.text}</p>
          <p className={`${styles.small} ${styles.muted}`}>Source: {lesson.beyondTheEssay.citation}</p>
        </aside>
      ) : null}

      {lesson.keyTerms.length > 0 ? (
        <section className={styles.section} aria-labelledby="terms-heading">
          <h2 id="terms-heading">Key terms</h2>
          <dl className={lessonStyles.terms}>
            {lesson.keyTerms.map((term) => (
              <div key={term.term}>
                <dt>{term.term}</dt>
                <dd>{term.definition}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      {passages.length > 0 ? (
        <section className={styles.section} aria-labelledby="passages-heading">
          <h2 id="passages-heading">From the essay</h2>
          <p className={`${styles.small} ${styles.muted}`}>
            “{course.bundle.source.title}”, a student essay. The passages this lesson draws on:
          </p>
          {passages.filter((passage) => !passage.furniture).map((passage) => (
            <figure key={passage.anchor} id={passage.anchor} className={lessonStyles.passage}>
              <blockquote>
                {passage.gapBefore ? <span className={styles.muted}>… </span> : null}
                {passage.text}
                {passage.gapAfter ? <span className={styles.muted}> …</span> : null}
              </blockquote>
              {passage.gapBefore || passage.gapAfter ? (
                <figcaption className={`${styles.small} ${styles.muted}`}>“…” marks text missing from the excerpt.</figcaption>
              ) : null}
              {(cardsByAnchor.get(passage.anchor) ?? []).map((entry) => (
                <InlineCard key={entry.card.id} userId={user.id} course={slug} entry={entry} generatedAt={inline.generatedAt} />
              ))}
            </figure>
          ))}
        </section>
      ) : null}

      <section className={styles.panel} aria-labelledby="practice-heading">
        <h2 id="practice-heading">Practice</h2>
        <p>
          {cardCount} flashcard{cardCount === 1 ? "" : "s"} go with this lesson.
        </p>
        <div className={styles.actions}>
          <Link className={styles.button} href={`/courses/${slug}/review?lesson=${encodeURIComponent(lesson.key)}`}>
            Review this lesson&apos;s cards
          </Link>
          <Link className={styles.buttonSecondary} href={`/courses/${slug}/review?lesson=${encodeURIComponent(lesson.key)}&extra=ahead`}>
            Study ahead
          </Link>
          <Link className={styles.buttonSecondary} href={`/courses/${slug}/review?lesson=${encodeURIComponent(lesson.key)}&extra=new`}>
            Learn 10 more
          </Link>
        </div>
      </section>

      <nav className={lessonStyles.pager} aria-label="Lessons">
        {previous ? (
          <Link href={`/courses/${slug}/lessons/${previous.key}`} rel="prev">
            ← {previous.title}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link href={`/courses/${slug}/lessons/${next.key}`} rel="next">
            {next.title} →
          </Link>
        ) : null}
      </nav>

      <AboutSource about={course.bundle.source.about} />
      <SupportResources resources={course.supportResources} />
    </article>
  );
}
