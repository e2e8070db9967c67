import fs from "node:fs";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDeploy } from "@/scripts/lib/local-database";
import { seedDashboardData } from "./dashboard";
const database = await startEmbeddedPostgres({ rootDir: "/tmp/benchpg2", database: "bench", persistent: true, fast: true });
if (!fs.existsSync("/tmp/benchpg2/seed.json")) {
  await migrateDeploy(database.url);
  const seed = await seedDashboardData(database.url, { students: 500 });
  fs.writeFileSync("/tmp/benchpg2/seed.json", JSON.stringify({ ...seed, url: database.url }));
}
console.log("READY", database.url);
setInterval(() => {}, 1 << 30);
process.on("SIGTERM", async () => { await database.stop(); process.exit(0); });
