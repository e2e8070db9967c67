import { homePathFor } from "@/lib/auth/paths";
import { getSessionUser } from "@/lib/auth/session";
import { OfflineStatus } from "@/app/_components/student/OfflineStatus";
import { SavedCopyNotice } from "@/app/_components/student/SavedCopyNotice";
import { ServiceWorkerRegister } from "@/app/_components/student/ServiceWorkerRegister";
import styles from "@/app/_components/student/student.module.css";

type MenuLink = { href: string; label: string };

/**
 * Every signed-in screen's frame: a sticky bar with the way home, "Get help" always in reach and a
 * menu with the rest (joining a class for students, teaching for instructors, users for admins, the
 * account); then the offline and saved-copy notices, then the page. `wide` for tables (teaching).
 */
export async function AppShell({ children, wide = false }: { children: React.ReactNode; wide?: boolean }) {
  // Pages do their own guarding (/help is open to all); the shell only needs to know who is here.
  const user = await getSessionUser().catch(() => null);
  const links: MenuLink[] = [];
  if (user) {
    if (user.role !== "student") links.push({ href: "/teach", label: "Your classes" });
    links.push({ href: "/dashboard", label: user.role === "student" ? "Home" : "Study" });
    if (user.role === "student") links.push({ href: "/join", label: "Join a class" });
    if (user.role === "admin") links.push({ href: "/admin/users", label: "Users and roles" });
    links.push({ href: "/account", label: "Account" });
  } else {
    links.push({ href: "/signin", label: "Sign in" });
  }
  return (
    <div className={styles.shell}>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <a className={styles.brand} href={user ? homePathFor(user.role) : "/"}>
          <span className={styles.brandMark} aria-hidden="true">
            R
          </span>
          Retain
        </a>
        <nav className={styles.nav} aria-label="Main">
          <a className={`${styles.navLink} ${styles.helpLink}`} href="/help">
            Get help
          </a>
          <button type="button" className={styles.menuButton} popoverTarget="app-menu">
            Menu
          </button>
          {/* Plain links: a whole page load closes the popover (a client-side one would leave it open). */}
          <div id="app-menu" popover="auto" className={styles.menuPanel}>
            <ul className={styles.menuList}>
              {links.map((link) => (
                <li key={link.href}>
                  <a className={styles.menuLink} href={link.href}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      </header>
      <OfflineStatus userId={user?.id ?? null} />
      <SavedCopyNotice />
      <ServiceWorkerRegister userId={user?.id ?? null} />
      <main id="main" className={wide ? styles.mainWide : styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
