/**
 * `npm run srs:optimize -- --course <slug>`: fits the course's memory model now, in this process
 * (the same run the nightly job makes), and prints what it found. Waits for nothing: if a run for the
 * course is already going (the worker's), it says so and exits 2.
 */
import { parseArgs } from "node:util";
import { db } from "@/lib/db/client";
import { runCourseOptimizer } from "@/lib/memory-model/run";
import { migrateDeploy, openLocalDatabase } from "./lib/local-database";

const { values } = parseArgs({ options: { course: { type: "string" } } });
if (!values.course) {
  console.error("Usage: npm run srs:optimize -- --course <slug>");
  process.exit(64);
}
const database = await openLocalDatabase();
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "not-used-by-this-command-but-required-by-env";
try {
  if (database.embedded && !database.shared) await migrateDeploy(database.url, { quiet: true });
  const course = await db().course.findUnique({ where: { slug: values.course }, select: { id: true, title: true } });
  if (!course) {
    console.error(`No course "${values.course}".`);
    process.exitCode = 1;
  } else {
    const outcome = await runCourseOptimizer(course.id, { reason: "command" });
    if (outcome.status === "busy") {
      console.error("A memory-model run for this course is already going; try again when it ends.");
      process.exitCode = 2;
    } else {
      const run = await db().memoryModelRun.findUniqueOrThrow({ where: { id: outcome.runId }, include: { fits: true } });
      const courseFit = run.fits.find((fit) => fit.userId === null);
      const figure = (value: number | null) => (value === null ? "n/a" : value.toFixed(4));
      console.log(`${course.title}: run ${run.id}${outcome.resumed ? " (resumed)" : ""}, optimizer ${run.optimizerSeconds?.toFixed(2)} s`);
      if (courseFit) {
        console.log(
          `  course fit on ${courseFit.reviewCount} reviews of ${courseFit.studentCount} students: held-out log loss ${figure(courseFit.logLoss)} ` +
            `(defaults ${figure(courseFit.baselineLogLoss)}), RMSE(bins) ${figure(courseFit.rmseBins)} (defaults ${figure(courseFit.baselineRmseBins)}), ${courseFit.accepted ? "used" : "not used (no better than the defaults)"}`,
        );
      } else {
        console.log("  too few reviews to fit the course: everyone keeps the defaults");
      }
      for (const fit of run.fits.filter((entry) => entry.userId !== null)) {
        console.log(`  student ${fit.userId}: ${fit.reviewCount} reviews, own log loss ${figure(fit.logLoss)} vs course ${figure(fit.baselineLogLoss)}: ${fit.accepted ? "own weights" : "course weights"}`);
      }
      console.log(`  ${outcome.students} students, ${outcome.rescheduledStudents} rescheduled. Run \`npm run srs:verify\` to check every state against its replay.`);
    }
  }
} finally {
  await db().$disconnect();
  await database.stop();
}
