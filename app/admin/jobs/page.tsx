import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { getJobsOverview } from "@/lib/jobs/status";
import styles from "@/app/_components/admin/admin.module.css";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Background jobs" };

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never");

export default async function AdminJobsPage() {
  await connection();
  const admin = await guardPage(() => requireRole("admin"));
  const overview = await getJobsOverview(admin);
  return (
    <main className={formStyles.widePage}>
      <h1 className={formStyles.title}>Background jobs</h1>
      <p className={formStyles.lead}>
        Password-reset mail, study reminders and instructor nudges run in the job queue (pg-boss, in this database). Failed jobs are
        retried with growing delays; those still failing after their last retry are listed below. Also as JSON:{" "}
        <code>GET /api/admin/jobs</code>. <Link href="/admin/users">Users and roles</Link>
      </p>
      {!overview.installed ? (
        <p className={formStyles.alert} role="status">
          No worker has started yet: start the app with <code>npm start</code> or run <code>npm run worker</code>.
        </p>
      ) : null}
      <div className={styles.tableScroll}>
        <table className={styles.jobsTable}>
          <caption className="visually-hidden">Queues</caption>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Pending</th>
              <th scope="col">Retrying</th>
              <th scope="col">Running</th>
              <th scope="col">Failed (7 days)</th>
              <th scope="col">Done (7 days)</th>
              <th scope="col">Last run</th>
              <th scope="col">Last failure</th>
            </tr>
          </thead>
          <tbody>
            {overview.queues.map((queue) => (
              <tr key={queue.name}>
                <th scope="row">{queue.name}</th>
                <td>{queue.pending}</td>
                <td>{queue.retrying}</td>
                <td>{queue.active}</td>
                <td>{queue.failed}</td>
                <td>{queue.completed}</td>
                <td>{when(queue.lastCompletedAt)}</td>
                <td>{queue.lastFailure ? `${when(queue.lastFailure.at)}: ${queue.lastFailure.error}` : "none"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Schedules</h2>
      {overview.schedules.length === 0 ? <p>None registered yet.</p> : null}
      <ul>
        {overview.schedules.map((schedule) => (
          <li key={schedule.name}>
            <code>{schedule.name}</code>: <code>{schedule.cron}</code> ({schedule.timeZone ?? "UTC"})
          </li>
        ))}
      </ul>
      <h2>Recent failures</h2>
      {overview.recentFailures.length === 0 ? <p>No failed jobs.</p> : null}
      <ul>
        {overview.recentFailures.map((failure) => (
          <li key={failure.id}>
            {when(failure.failedAt)} · <code>{failure.queue}</code> · after {failure.retries} retries: {failure.error}
          </li>
        ))}
      </ul>
    </main>
  );
}
