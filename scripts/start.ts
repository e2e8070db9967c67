/**
 * `npm start` / `npm run dev`: one command from a fresh clone to a running app. Uses DATABASE_URL when
 * set; otherwise boots the embedded PostgreSQL in `.data/postgres`. Then migrates, runs the startup
 * tasks (course import, demo accounts), builds when there is no build, and starts Next.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { InvalidEnvironmentError, parseEnv } from "@/lib/env";
import { migrateDeploy, openLocalDatabase } from "./lib/local-database";
import { resolveAuthSecret } from "./lib/secrets";
import { runStartupTasks } from "./lib/startup-tasks";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
process.env.NEXT_TELEMETRY_DISABLED = "1";

const database = await openLocalDatabase();
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
  if (!dev && !fs.existsSync(path.resolve(".next/BUILD_ID"))) {
    console.log("No production build yet: running `next build` once (about a minute).");
    const built = await new Promise<number>((resolve) =>
      spawn(nextBin, ["build"], { stdio: "inherit", env: childEnv }).on("exit", (code) => resolve(code ?? 1)),
    );
    if (built !== 0) throw new Error("next build failed");
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
