import type { SupportResource } from "@/lib/content/bundle";
import { AcknowledgeContentNote } from "./AcknowledgeContentNote";
import { SupportResources } from "./SupportResources";
import styles from "./student.module.css";

/**
 * The course's content note. With `acknowledge`, a button records that the student has read it
 * and continues to `next` (the review session, or the lesson they entered).
 */
export function ContentNote({
  note,
  resources,
  acknowledge,
  headingLevel = 2,
  title = "Content note",
}: {
  note: string;
  resources?: SupportResource[];
  acknowledge?: { course: string; next: string; label: string };
  headingLevel?: 1 | 2;
  title?: string;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section
      className={`${styles.panel} ${styles.note}`}
      aria-labelledby="content-note-heading"
      data-testid="content-note"
    >
      <Heading id="content-note-heading" className={headingLevel === 1 ? styles.title : undefined}>
        {title}
      </Heading>
      <p>{note}</p>
      {resources ? (
        <SupportResources resources={resources} headingLevel={headingLevel === 1 ? 2 : 3} />
      ) : (
        <p className={styles.small}>
          <a href="/help">Support is available</a> at any time.
        </p>
      )}
      {acknowledge ? (
        <AcknowledgeContentNote
          {...acknowledge}
          classNames={{ actions: styles.actions, button: styles.button, small: styles.small }}
        />
      ) : null}
    </section>
  );
}

/** "About this source": what kind of text the course is built from and how far to trust it. */
export function AboutSource({ about, headingLevel = 2 }: { about: string | null | undefined; headingLevel?: 2 | 3 }) {
  if (!about) return null;
  const Heading = `h${headingLevel}` as const;
  return (
    <section className={styles.panel} aria-labelledby="about-source-heading">
      <Heading id="about-source-heading">About this source</Heading>
      <p>{about}</p>
    </section>
  );
}
