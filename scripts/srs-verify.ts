/** `npm run srs:verify`: every stored card state must equal the replay of its review log. */
import { verifyAllReplays } from "@/lib/review/verify";
import { openLocalDatabase } from "./lib/local-database";

const database = await openLocalDatabase();
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "not-used-by-this-command-but-required-by-env";
try {
  const report = await verifyAllReplays();
  console.log(`Checked ${report.states} card states of ${report.students} students.`);
  for (const mismatch of report.mismatches) {
    console.log(`✗ user ${mismatch.userId} card ${mismatch.cardId}:`);
    console.log(`  stored   ${JSON.stringify(mismatch.stored)}`);
    console.log(`  replayed ${JSON.stringify(mismatch.replayed)}`);
  }
  console.log(report.mismatches.length === 0 ? "✓ every stored state equals its replay" : `${report.mismatches.length} differences`);
  process.exitCode = report.mismatches.length === 0 ? 0 : 1;
} finally {
  await database.stop();
}
