/** `npm run content:import`: compile content/courses and upsert every changed course, all or nothing per source error. */
import { openLocalDatabase, migrateDeploy } from "./lib/local-database";
import { describeImport, importAllCourses } from "./lib/import-courses";

const database = await openLocalDatabase();
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "not-used-by-this-command-but-required-by-env";
try {
  await migrateDeploy(database.url);
  const result = await importAllCourses(new Date());
  if (!result.ok) {
    console.error(`Nothing imported; fix these first:\n${result.errors.join("\n")}`);
    process.exitCode = 1;
  } else {
    for (const report of result.reports) console.log(describeImport(report));
  }
} finally {
  await database.stop();
}
