import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { OfflineStatus } from "@/app/_components/student/OfflineStatus";
import { ServiceWorkerRegister } from "@/app/_components/student/ServiceWorkerRegister";
import styles from "@/app/_components/student/student.module.css";

/** Student pages: a sticky bar with the way home, the account (and teaching, for instructors) and "Get help", the offline/sync status, the page. */
export default async function StudentLayout({ children }: { children: React.ReactNode }) {
  // Pages do their own guarding (/help is open to all); the layout only needs to know whose outbox to show.
  const user = await getSessionUser().catch(() => null);
  return (
    <div className={styles.shell}>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <Link className={styles.brand} href="/dashboard">
          Retain
        </Link>
        <nav className={styles.nav} aria-label="Main">
          <Link className={styles.navLink} href="/dashboard">
            Home
          </Link>
          {user && user.role !== "student" ? (
            <Link className={styles.navLink} href="/teach">
              Teaching
            </Link>
          ) : null}
          {user ? (
            <Link className={styles.navLink} href="/account">
              Account
            </Link>
          ) : null}
          <Link className={`${styles.navLink} ${styles.helpLink}`} href="/help">
            Get help
          </Link>
        </nav>
      </header>
      <OfflineStatus userId={user?.id ?? null} />
      <ServiceWorkerRegister userId={user?.id ?? null} />
      <main id="main" className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
