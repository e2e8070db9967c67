import Link from "next/link";
import styles from "./ui.module.css";

/** The top of every page: an optional way back ("eyebrow"), the page's h1 and a short lead. */
export function PageHeader({
  title,
  lead,
  back,
  children,
}: {
  title: React.ReactNode;
  lead?: React.ReactNode;
  back?: { href: string; label: string };
  children?: React.ReactNode;
}) {
  return (
    <header className={styles.pageHeader}>
      {back ? (
        <p className={styles.eyebrow}>
          <Link href={back.href}>{back.label}</Link>
        </p>
      ) : null}
      <h1 className={styles.pageTitle}>{title}</h1>
      {lead ? <p className={styles.pageLead}>{lead}</p> : null}
      {children}
    </header>
  );
}

/** Figures as labelled tiles (a description list, so each value is read with its label). */
export function StatTiles({
  tiles,
  label,
}: {
  tiles: { label: string; value: React.ReactNode; accent?: boolean; testId?: string }[];
  label?: string;
}) {
  return (
    <dl className={styles.tiles} aria-label={label}>
      {tiles.map((tile) => (
        <div key={tile.label} className={`${styles.tile} ${tile.accent ? styles.tileAccent : ""}`}>
          <dt>{tile.label}</dt>
          <dd data-testid={tile.testId}>{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What an empty list says instead: why it is empty and the one action that moves the person on. */
export function EmptyState({
  title,
  children,
  action,
  headingLevel = 3,
  testId,
}: {
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
  headingLevel?: 2 | 3;
  testId?: string;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className={styles.empty} data-testid={testId}>
      <span className={styles.emptyIcon} aria-hidden="true">
        +
      </span>
      <Heading>{title}</Heading>
      {children ? <div>{children}</div> : null}
      {action ? <div className={styles.emptyAction}>{action}</div> : null}
    </div>
  );
}

/** A notice in the page's flow (not an alert): information, or good news with `tone="success"`. */
export function Notice({
  children,
  tone = "info",
  testId,
}: {
  children: React.ReactNode;
  tone?: "info" | "success";
  testId?: string;
}) {
  return (
    <div className={`${styles.notice} ${tone === "success" ? styles.noticeSuccess : ""}`} data-testid={testId}>
      <div>{children}</div>
    </div>
  );
}

/** A ring filled to `value` of `max`, with the percentage in it; `label` names it for screen readers. */
export function MasteryRing({
  value,
  max,
  label,
  large = false,
}: {
  value: number;
  max: number;
  label: string;
  large?: boolean;
}) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <span
      className={`${styles.ring} ${large ? styles.ringLarge : ""} ${max > 0 && value >= max ? styles.ringDone : ""}`}
      style={{ "--fill": `${percent}%` } as React.CSSProperties}
      role="img"
      aria-label={`${label}: ${percent}% (${value} of ${max})`}
    >
      <span aria-hidden="true">{percent}%</span>
    </span>
  );
}
