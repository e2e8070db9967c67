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

const TASKS: StartupTask[] = [
  { name: "course import", run: importChangedCourses },
  // Local installs only (the task checks): a student and an instructor to try the app with.
  { name: "demo accounts", run: ensureDemoAccounts },
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
