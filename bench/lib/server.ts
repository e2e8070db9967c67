/**
 * The production server under test: `next start` on the benchmark's database with RETAIN_BENCH=1
 * (which enables the framework-ceiling route), and an RSS sampler over its process tree.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/scripts/lib/embedded-postgres";
import { sleep } from "./stats";

export const BENCH_SECRET = "bench-secret-that-is-long-enough-for-signing-tokens";
export const RESULTS_DIR = path.resolve("bench/results");

const CEILING_ROUTE = "/api/bench/ceiling/route";

/** Builds when there is no build, when asked to, or when the build predates the ceiling route. */
export function ensureBuild(force: boolean, log: (line: string) => void): { built: boolean; seconds: number } {
  const manifest = path.resolve(".next/app-path-routes-manifest.json");
  const stale = fs.existsSync(manifest) && !fs.readFileSync(manifest, "utf8").includes(CEILING_ROUTE);
  if (!force && fs.existsSync(".next/BUILD_ID") && !stale) return { built: false, seconds: 0 };
  log(stale ? "The build has no benchmark route: rebuilding (next build) …" : "Building the app (next build) …");
  const started = performance.now();
  const result = spawnSync(path.resolve("node_modules/.bin/next"), ["build"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, "build.log.tmp"), `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) throw new Error(`next build failed (see bench/results/build.log.tmp):\n${result.stderr.slice(-4000)}`);
  return { built: true, seconds: (performance.now() - started) / 1000 };
}

/**
 * A private copy of the build for `next start <dir>`: other work on this machine may run `next
 * build` while the benchmark runs, and a build rewrites `.next` under a running server. The copy
 * holds the build output (no cache) and the files `next start` reads at run time; node_modules and
 * public/ are linked.
 */
export function snapshotBuild(): { dir: string; remove(): void } {
  const root = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-app-"));
  const skip = new Set(["cache", "dev", "trace", "trace-build", "types", "diagnostics"]);
  fs.mkdirSync(path.join(dir, ".next"));
  for (const entry of fs.readdirSync(path.join(root, ".next"))) {
    if (skip.has(entry)) continue;
    fs.cpSync(path.join(root, ".next", entry), path.join(dir, ".next", entry), { recursive: true, verbatimSymlinks: true });
  }
  for (const linked of ["node_modules", "public"]) {
    if (fs.existsSync(path.join(root, linked))) fs.symlinkSync(path.join(root, linked), path.join(dir, linked));
  }
  for (const file of ["package.json", "next.config.ts", "tsconfig.json", "lib/http/security-headers.ts"]) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export type BenchServer = {
  baseUrl: string;
  pid: number;
  process: ChildProcess;
  stop(): Promise<void>;
};

export async function startServer(options: { databaseUrl: string; label: string; appDir?: string; env?: Record<string, string>; nodeArgs?: string[]; port?: number }): Promise<BenchServer> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = fs.openSync(path.join(RESULTS_DIR, `server-${options.label}.log.tmp`), "w");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: options.databaseUrl,
    NEXTAUTH_SECRET: BENCH_SECRET,
    NEXTAUTH_URL: baseUrl,
    RETAIN_LOCAL_MODE: "0",
    RETAIN_BENCH: "1",
    ...options.env,
  };
  delete env.NODE_OPTIONS;
  const nextBin = path.resolve("node_modules/next/dist/bin/next");
  const args = [...(options.nodeArgs ?? []), nextBin, "start", ...(options.appDir ? [options.appDir] : []), "-p", String(port), "-H", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    env,
    stdio: ["ignore", logFile, logFile],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited early; see bench/results/server-${options.label}.log.tmp`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  if (Date.now() >= deadline) {
    child.kill("SIGKILL");
    throw new Error("next start did not become healthy within 60 s");
  }
  const ceiling = await fetch(`${baseUrl}/api/bench/ceiling`);
  if (!ceiling.ok) throw new Error(`the framework-ceiling route answers ${ceiling.status}: rebuild with \`npm run bench -- --build\``);
  return {
    baseUrl,
    pid: child.pid!,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.closeSync(logFile);
    },
  };
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone
    }
  }
  return children;
}

function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the RSS of a process and its descendants (next start and any workers it forks). */
export function rssSampler(rootPid: number, intervalMs = 250) {
  let peak = 0;
  let latest = 0;
  let tree = [rootPid];
  let ticks = 0;
  const sample = () => {
    if (ticks++ % 20 === 0) {
      const all = [rootPid];
      for (let index = 0; index < all.length; index += 1) all.push(...childrenOf(all[index]!));
      tree = all;
    }
    latest = tree.reduce((sum, pid) => sum + rssBytes(pid), 0);
    peak = Math.max(peak, latest);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    get peakBytes() {
      return peak;
    },
    get latestBytes() {
      return latest;
    },
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
