import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "@/scripts/lib/embedded-postgres";
import { TEST_AUTH_SECRET } from "./constants";

/**
 * The production build (`npm test` builds first) served by `next start` on a free port, once it
 * answers its health check: HTTP tests see production headers and behaviour. `env` adds to or
 * overrides the test environment (the reliability suite's own stacks use it).
 */
export async function startNextServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<{ baseUrl: string; process: ChildProcess; output: () => string }> {
  if (!fs.existsSync(".next/BUILD_ID")) {
    throw new Error("No production build: run `npm test` (it builds first) or `npx next build`.");
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: TEST_AUTH_SECRET,
      NEXTAUTH_URL: baseUrl,
      RETAIN_LOCAL_MODE: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The last of its output: for the error when it does not come up, and for callers' diagnostics.
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, process: child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`next start did not become healthy within 60 s:\n${output}`);
}
