import { startBenchDatabase } from "./lib/database";
import { BENCH_SECRET } from "./lib/server";
import { syntheticBundle } from "./lib/seed";
const database = await startBenchDatabase("imp");
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: BENCH_SECRET });
try {
  const { importAllCourses } = await import("@/scripts/lib/import-courses");
  const { importCourse } = await import("@/lib/db/course-import");
  let t = performance.now();
  await importAllCourses(new Date());
  console.log("importAll", (performance.now() - t).toFixed(0));
  t = performance.now();
  const b = syntheticBundle("bench-heavy", 5000);
  console.log("bundle", (performance.now() - t).toFixed(0));
  t = performance.now();
  await importCourse(b, new Date());
  console.log("import heavy", (performance.now() - t).toFixed(0));
} finally { await database.stop(); }
process.exit(0);
