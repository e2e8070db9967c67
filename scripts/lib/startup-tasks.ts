import { db } from "@/lib/db/client";
import { ensureDemoAccounts } from "./demo-accounts";
import { describeImport, importAllCourses } from "./import-courses";

/** Work the start script does after migrating and before Next starts, in order. */
import type { StartupContext } from "./startup-context";

export type { StartupContext };

type StartupTask = { name: string; run: (context: StartupContext) => Promise<unknown> };

/** Imports every course whose source changed; a source with errors leaves the stored courses as they are. */
async function importChangedCourses() {
  const result = await importAllCourses(new Date());
  if (!result.ok) {
    console.error(`Course content has errors; the courses already in the database stay as they are:\n${result.errors.join("\n")}`);
    return;
  }
  for (const report of result.reports) console.log(`Course ${describeImport(report)}`);
}

/**
 * A fresh install has no admin, and only an admin can promote anyone in the app: until one exists,
 * every start says how to make one (the command works while the app runs).
 */
export async function printAdminHint(): Promise<boolean> {
  const admins = await db().user.count({ where: { role: "admin" } });
  if (admins > 0) return false;
  console.log(
    [
      "",
      "No admin account yet. Make one (Retain can keep running):",
      "  npm run user:create -- --email you@example.edu --role admin",
      "An admin makes instructors at /admin/users, or: npm run user:create -- --email … --role instructor",
      "",
    ].join("\n"),
  );
  return true;
}

const TASKS: StartupTask[] = [
  { name: "course import", run: importChangedCourses },
  // Local installs only (the task checks): a student and an instructor to try the app with.
  { name: "demo accounts", run: ensureDemoAccounts },
  { name: "admin hint", run: printAdminHint },
];

export async function runStartupTasks(context: StartupContext): Promise<void> {
  for (const task of TASKS) {
    try {
      await task.run(context);
    } catch (error) {
      throw new Error(`Startup task "${task.name}" failed`, { cause: error });
    }
  }
}
