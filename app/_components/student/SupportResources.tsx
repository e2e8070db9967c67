import type { SupportResource } from "@/lib/content/bundle";
import styles from "./student.module.css";

/** The course's support lines (hotline, text line, emergencies), each a tap-to-call/text link. */
export function SupportResources({
  resources,
  headingLevel = 2,
}: {
  resources: SupportResource[];
  headingLevel?: 2 | 3;
}) {
  if (resources.length === 0) return null;
  const Heading = `h${headingLevel}` as const;
  return (
    <section className={`${styles.panel} ${styles.note}`} aria-labelledby="support-heading">
      <Heading id="support-heading">Support (U.S. resources)</Heading>
      <ul className={styles.resources}>
        {resources.map((resource) => (
          <li key={`${resource.name}:${resource.detail}`}>
            <strong>{resource.name}</strong>
            <br />
            {resource.href ? <a href={resource.href}>{resource.detail}</a> : <span>{resource.detail}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
