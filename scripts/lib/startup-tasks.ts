/** Work the start script does after migrating and before Next starts, in order. */
import { describeImport, importAllCourses } from "./import-courses";

export type StartupContext = { localMode: boolean; dev: boolean; baseUrl: string };

async function importChangedCourses() {
  const result = await importAllCourses(new Date());
  if (!result.ok) {
    console.error(`Course content has errors; the courses already in the database stay as they are:\n${result.errors.join("\n")}`);
    return;
  }
  for (const report of result.reports) console.log(`Course ${describeImport(report)}`);
}

export async function runStartupTasks(context: StartupContext): Promise<void> {
  void context;
  await importChangedCourses();
}
