import Link from "next/link";
import styles from "@/app/_components/teach/teach.module.css";

/** Instructor pages: a bar with the way back to the class list, then the page. */
export default function TeachLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className={styles.shell}>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <Link className={styles.brand} href="/teach">
          Retain · Teaching
        </Link>
        <nav className={styles.nav} aria-label="Main">
          <Link href="/teach">Classes</Link>
          <Link href="/dashboard">Study</Link>
          <Link href="/account">Account</Link>
        </nav>
      </header>
      <main id="main" className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
