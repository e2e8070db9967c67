import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listUsers } from "@/lib/accounts/users";
import { RoleForm } from "@/app/_components/admin/RoleForm";
import styles from "@/app/_components/admin/admin.module.css";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Users and roles" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const admin = await guardPage(() => requireRole("admin"));
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q : "";
  const { users, page, hasMore } = await listUsers(admin, {
    query,
    page: typeof params.page === "string" ? params.page : undefined,
  });
  const pageLink = (to: number) =>
    `/admin/users?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(to) })}`;

  return (
    <div className={`${formStyles.widePage} ${formStyles.inShell}`}>
      <h1 className={formStyles.title}>Users and roles</h1>
      <p className={formStyles.lead}>
        A changed role takes effect at the user&apos;s next sign-in; their current sessions end. Command line:{" "}
        <code>npm run user:create</code>.
      </p>
      <form className={styles.search} role="search" action="/admin/users">
        <div className={formStyles.field}>
          <label className={formStyles.label} htmlFor="user-search">
            Find by email or name
          </label>
          <input id="user-search" className={formStyles.input} type="search" name="q" defaultValue={query} />
        </div>
        <button className={formStyles.button} type="submit">
          Search
        </button>
      </form>

      {users.length === 0 ? <p>No users match.</p> : null}
      <ul className={styles.list}>
        {users.map((user) => (
          <li key={user.id} className={styles.user}>
            <div>
              <p className={styles.userName}>{user.name}</p>
              <p className={styles.userMeta}>{user.email}</p>
              <p className={styles.userMeta}>Joined {user.createdAt.toISOString().slice(0, 10)}</p>
            </div>
            <RoleForm user={user} />
          </li>
        ))}
      </ul>

      <nav className={styles.pager} aria-label="Pages">
        {page > 1 ? <Link href={pageLink(page - 1)}>Previous page</Link> : <span />}
        {hasMore ? <Link href={pageLink(page + 1)}>Next page</Link> : null}
      </nav>
    </div>
  );
}
