/**
 * `npm start` / `npm run dev`: one command from a fresh clone to a running app. Uses DATABASE_URL when
 * set; otherwise boots the embedded PostgreSQL in `.data/postgres`. Then migrates, runs the startup
 * tasks (course import, demo accounts), builds when there is no build, and starts Next.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { InvalidEnvironmentError, parseEnv } from "@/lib/env";
import { buildIsCurrent, recordBuild, sourceFingerprint } from "./lib/build-freshness";
import { migrateDeploy, openLocalDatabase } from "./lib/local-database";
import { resolveAuthSecret } from "./lib/secrets";
import { runStartupTasks } from "./lib/startup-tasks";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
process.env.NEXT_TELEMETRY_DISABLED = "1";

const database = await openLocalDatabase({ shareRunning: false });
let shuttingDown = false;
async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  await database.stop().catch((error) => console.error("Stopping the embedded database failed:", error));
  process.exit(code);
}

try {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: dev ? "development" : "production",
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: resolveAuthSecret({ localMode: database.embedded, dev }),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    RETAIN_LOCAL_MODE: database.embedded ? "1" : "0",
    PORT: String(port),
  };
  // Only the start script itself resolves `react-server` exports; Next must not inherit that.
  delete childEnv.NODE_OPTIONS;
  parseEnv(childEnv);
  Object.assign(process.env, { DATABASE_URL: childEnv.DATABASE_URL, NEXTAUTH_SECRET: childEnv.NEXTAUTH_SECRET });

  await migrateDeploy(database.url);
  await runStartupTasks({ localMode: database.embedded, dev, baseUrl: childEnv.NEXTAUTH_URL! });

  const nextBin = path.resolve("node_modules/.bin/next");
  const fingerprint = dev ? "" : sourceFingerprint();
  if (!dev && !buildIsCurrent(fingerprint)) {
    console.log("No build of the current sources yet: running `next build` (about a minute).");
    const built = await new Promise<number>((resolve) =>
      spawn(nextBin, ["build"], { stdio: "inherit", env: childEnv }).on("exit", (code) => resolve(code ?? 1)),
    );
    if (built !== 0) throw new Error("next build failed");
    recordBuild(fingerprint);
  }

  const next = spawn(nextBin, [dev ? "dev" : "start", "-p", String(port)], { stdio: "inherit", env: childEnv });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => next.kill(signal));
  }
  next.on("exit", (code) => void shutdown(code ?? 0));
} catch (error) {
  console.error(error instanceof InvalidEnvironmentError ? `\n${error.message}\n` : error);
  await shutdown(1);
}
