/** `npm run db -- <prisma args>`: the Prisma CLI against the local database (embedded by default). */
import { openLocalDatabase, runBin } from "./lib/local-database";

const db = await openLocalDatabase();
const code = await runBin("prisma", process.argv.slice(2), {
  ...process.env,
  DATABASE_URL: db.url,
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
});
await db.stop();
process.exit(code);
