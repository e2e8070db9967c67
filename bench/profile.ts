/**
 * `npm run bench:profile`: where an answer's time goes. Seeds a small data set, serves the build with
 * `node --cpu-prof` on `next start`, drives `POST /api/review` at 20 connections (distinct students,
 * unique keys, as `npm run bench`), stops the server so V8 writes its profile, and prints the CPU
 * self-time by part of the request (cookie decode, body parsing and validation, database driver,
 * Prisma, scheduling, Next and Node's HTTP, garbage collection). The profile is kept in
 * bench/results/profile/ (open it in Chrome DevTools' Performance tab for a flame graph).
 *
 *   tsx --conditions=react-server bench/profile.ts [--duration S] [--route answer|ceiling]
 */
import fs from "node:fs";
import path from "node:path";
import { startBenchDatabase, seedPool } from "./lib/database";
import { httpLoad } from "./lib/load";
import { seedDataSet } from "./lib/seed";
import { BENCH_SECRET, ensureBuild, RESULTS_DIR, snapshotBuild, startServer } from "./lib/server";
import { sessionCookies } from "./lib/sessions";
import { round } from "./lib/stats";

const argv = process.argv.slice(2);
const argument = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const duration = Number(argument("duration") ?? 15);
const route = argument("route") ?? "answer";
const log = (line: string) => console.log(`[profile] ${line}`);
process.env.NEXT_TELEMETRY_DISABLED = "1";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; children?: number[]; parent?: number };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Parts of the request, recognised by the leaf frame's function and file; the first match wins. */
const PARTS: { part: string; test: (fn: string, url: string) => boolean }[] = [
  { part: "garbage collection", test: (fn) => fn === "(garbage collector)" },
  { part: "idle", test: (fn) => fn === "(idle)" },
  { part: "cookie decode (next-auth JWT: jose, HKDF, AES-GCM)", test: (fn, url) => /jose|next-auth|hkdf|jwtDecrypt|decrypt|compactDecrypt/i.test(url + " " + fn) },
  { part: "scheduling (ts-fsrs, lib/srs)", test: (fn, url) => /ts-fsrs|lib\/srs|local-day|formatToParts/i.test(url + " " + fn) },
  { part: "body parse and validation (zod, JSON)", test: (fn, url) => /zod|JSON\.parse|readJson|findUnstorableText|parseInput/i.test(url + " " + fn) },
  { part: "database driver (pg, pg-protocol)", test: (_fn, url) => /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-)/.test(url) },
  { part: "Prisma client and adapter (transactions, raw queries)", test: (_fn, url) => /@prisma|\.prisma|prisma\/client|query_compiler|runtime\/client/.test(url) },
  { part: "Next's own handling (router, proxy, response)", test: (_fn, url) => /next\/dist|\.next\/server|react-server|compiled\/react/.test(url) },
  { part: "Node HTTP, streams, timers", test: (_fn, url) => /^node:|^internal|^$/.test(url) },
];

/**
 * Self time by part, within [fromMicros, toMicros] (the measured load, on the monotonic clock the
 * profile and process.hrtime share). A sample in Node's own code (a socket write, a timer) or in
 * unrecognised code goes to the nearest caller that belongs to a part: a `writev` under pg is the
 * database driver's, under Next's response the framework's.
 */
function breakdown(profile: CpuProfile, fromMicros: number, toMicros: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) byId.get(child)!.parent = node.id;
  const generic = new Set(["Node HTTP, streams, timers", undefined]);
  const memo = new Map<number, string>();
  const partOf = (node: ProfileNode): string => {
    const known = memo.get(node.id);
    if (known) return known;
    const { functionName, url } = node.callFrame;
    const own = PARTS.find((candidate) => candidate.test(functionName, url))?.part;
    let part = own;
    if (generic.has(own)) {
      for (let parent = node.parent; parent !== undefined; parent = byId.get(parent)!.parent) {
        const frame = byId.get(parent)!.callFrame;
        const found = PARTS.find((candidate) => candidate.test(frame.functionName, frame.url))?.part;
        if (!generic.has(found)) {
          part = found;
          break;
        }
      }
    }
    const result = part ?? "other (app code, bundled libraries)";
    memo.set(node.id, result);
    return result;
  };
  const totals = new Map<string, number>();
  const topFunctions = new Map<string, number>();
  let all = 0;
  let at = profile.startTime;
  for (let index = 0; index < profile.samples.length; index += 1) {
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (at < fromMicros || at > toMicros) continue;
    const node = byId.get(profile.samples[index]!)!;
    const part = partOf(node);
    totals.set(part, (totals.get(part) ?? 0) + micros);
    if (part !== "idle") {
      all += micros;
      const { functionName, url } = node.callFrame;
      const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\.next\//, ".next/")}`;
      topFunctions.set(key, (topFunctions.get(key) ?? 0) + micros);
    }
  }
  return { totals, topFunctions, busyMicros: all, windowMicros: toMicros - fromMicros };
}

const build = ensureBuild(false, log);
if (build.built) log(`built in ${round(build.seconds, 0)} s`);
const snapshot = snapshotBuild();
const database = await startBenchDatabase("retain_profile");
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: BENCH_SECRET });
delete process.env.NEXTAUTH_URL;
const profileDir = path.join(RESULTS_DIR, "profile");
fs.rmSync(profileDir, { recursive: true, force: true });
fs.mkdirSync(profileDir, { recursive: true });
try {
  const pool = seedPool(database.url);
  const data = await seedDataSet(pool, { students: 120, cards: 40, days: 7, heavyCards: 50, seed: 20261208, now: new Date(), log });
  await pool.end();
  const server = await startServer({
    databaseUrl: database.url,
    label: "profile",
    appDir: snapshot.dir,
    nodeArgs: ["--cpu-prof", "--cpu-prof-dir", profileDir],
  });
  const students = data.students.slice(0, 100);
  const cookies = await sessionCookies(students);
  let counter = 0;
  log(`${route === "ceiling" ? "GET /api/bench/ceiling" : "POST /api/review"}, 20 connections, ${duration} s …`);
  const hrMicros = () => Number(process.hrtime.bigint() / 1000n);
  let measuredFrom = 0;
  const figures = await httpLoad({
    onMeasuredStart: () => {
      measuredFrom = hrMicros();
    },
    url: route === "ceiling" ? `${server.baseUrl}/api/bench/ceiling` : server.baseUrl,
    connections: 20,
    duration,
    warmup: 2,
    perConnection:
      route === "ceiling"
        ? undefined
        : (index) => {
            const student = students[index % students.length]!;
            let turn = 0;
            return {
              method: "POST",
              path: "/api/review",
              headers: { cookie: cookies[index % cookies.length]!, "content-type": "application/json" },
              setupRequest: (request) => {
                turn += 1;
                counter += 1;
                const cardId = student.cardIds[(turn * 7 + index) % student.cardIds.length]!;
                return { ...request, body: JSON.stringify({ cardId, rating: 1 + (turn % 4), idempotencyKey: `profile-${counter}-${index}-${turn}` }) };
              },
            };
          },
  });
  const measuredTo = hrMicros();
  await server.stop();
  const file = fs.readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("next start wrote no .cpuprofile");
  const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), "utf8")) as CpuProfile;
  const { totals, topFunctions, busyMicros, windowMicros } = breakdown(profile, measuredFrom, measuredTo);
  const requests = figures.requests;
  console.log(`\n${figures.requests} requests in ${duration} s: ${figures.rps} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${figures.errors} errors (profiling slows the server)`);
  console.log(`load average ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  console.log(`\nCPU of the server process during the measured ${round(windowMicros / 1e6, 1)} s, by part (self time; ${round(busyMicros / 1000 / requests, 2)} ms busy per request, the process ${round((100 * busyMicros) / windowMicros, 0)} % busy)\n`);
  console.log("| part | share of busy CPU | ms per request |\n| --- | ---: | ---: |");
  for (const [part, micros] of [...totals].filter(([part]) => part !== "idle").sort((a, b) => b[1] - a[1])) {
    console.log(`| ${part} | ${round((100 * micros) / busyMicros, 1)} % | ${round(micros / 1000 / requests, 3)} |`);
  }
  console.log("\nTop functions by self time:");
  for (const [name, micros] of [...topFunctions].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${round((100 * micros) / busyMicros, 1).toFixed(1).padStart(5)} %  ${name}`);
  }
  console.log(`\nprofile: ${path.relative(process.cwd(), path.join(profileDir, file))}`);
} finally {
  snapshot.remove();
  await database.stop().catch(() => {});
}
