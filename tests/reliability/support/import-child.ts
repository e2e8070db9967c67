/**
 * Child process for the import-kill scenario: imports the compiled course bundle in the JSON file
 * named by argv[2] into DATABASE_URL, exactly as `npm run content:import` does for each course.
 * Run with `tsx --conditions=react-server`.
 */
import fs from "node:fs";
import type { CourseBundle } from "@/lib/content/bundle";
import { importCourse } from "@/lib/courses/import";

const bundle = JSON.parse(fs.readFileSync(process.argv[2]!, "utf8")) as CourseBundle;
const report = await importCourse(bundle, new Date());
console.log(JSON.stringify(report));
process.exit(0);
