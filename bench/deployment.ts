/**
 * `npm run bench:scale`: a real multi-instance deployment, all on loopback, under load and faults.
 *
 *   PostgreSQL 17 (embedded) ◀── PgBouncer (transaction mode) ◀── 3 × `next start` ◀── haproxy (health checks on /api/health)
 *
 * PgBouncer and haproxy are Debian's packages, installed with apt-get when missing (as .ci/run
 * installs Chromium). Through the balancer it drives answers (each retried with its idempotency key
 * after a 5xx or a lost connection, as the device's outbox does), queue fetches and sign-ins; mid-run
 * it kills one app instance (SIGKILL), restarts PgBouncer, and brings the instance back. Afterwards
 * it checks that no acknowledged answer was lost or applied twice, that every state's version equals
 * its number of logs and that every stored state equals the replay of its log, and prints the fault
 * table (5xx and lost connections per phase, recovery time). Exits non-zero when a check fails.
 * The configuration files it writes are the deployment reference in docs/SCALING.md.
 *
 *   tsx --conditions=react-server bench/deployment.ts [--quick] [--instances N] [--json FILE]
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startBenchDatabase, seedPool } from "./lib/database";
import { BENCH_PASSWORD, seedDataSet, type SeededStudent } from "./lib/seed";
import { BENCH_SECRET, ensureBuild, RESULTS_DIR, snapshotBuild, startServer, type BenchServer } from "./lib/server";
import { sessionCookies } from "./lib/sessions";
import { round, sleep, summarise } from "./lib/stats";
import { anonymousClient, attemptSignIn } from "@/tests/support/session";

const argv = process.argv.slice(2);
const argument = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const quick = argv.includes("--quick");
const instances = Math.max(2, Number(argument("instances") ?? 3));
const started = performance.now();
const elapsedSeconds = () => (performance.now() - started) / 1000;
const log = (line: string) => console.log(`[scale ${Math.round(elapsedSeconds())}s] ${line}`);
process.env.NEXT_TELEMETRY_DISABLED = "1";

/** Ports of this run (apps 3442–3449, PgBouncer and haproxy 6440–6449), overridable with BENCH_PORT_BASE. */
const APP_PORT_BASE = Number(process.env.BENCH_APP_PORT_BASE ?? 3442);
const PGBOUNCER_PORT = Number(process.env.BENCH_PGBOUNCER_PORT ?? 6441);
const HAPROXY_PORT = Number(process.env.BENCH_HAPROXY_PORT ?? 6442);
/** Connections each instance's Prisma pool opens to PgBouncer, and PgBouncer's to PostgreSQL. */
const DATABASE_POOL_SIZE = 10;
const PGBOUNCER_POOL_SIZE = 8;

/** Installs Debian's package providing `binary` when it is missing (root only, as .ci/run does for Chromium). */
function ensureDebianPackage(binary: string, pkg: string): string {
  const candidates = [`/usr/sbin/${binary}`, `/usr/bin/${binary}`];
  const found = () => candidates.find((candidate) => fs.existsSync(candidate));
  if (found()) return found()!;
  if (process.getuid?.() !== 0) throw new Error(`${binary} is missing: install Debian's ${pkg} package (apt-get install ${pkg})`);
  log(`installing Debian's ${pkg} (apt-get) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // Installing must not start the packaged services: this run starts its own.
  fs.writeFileSync("/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    for (const args of [["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", pkg]]) {
      const result = spawnSync("apt-get", args, { env, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed:\n${result.stderr}`);
    }
  } finally {
    fs.rmSync("/usr/sbin/policy-rc.d", { force: true });
  }
  if (!found()) throw new Error(`${pkg} installed but ${binary} is not on /usr/sbin or /usr/bin`);
  return found()!;
}

/** The configuration files of the deployment (docs/SCALING.md shows them as written here). */
export function pgbouncerConfig(options: { port: number; databaseUrl: string; dir: string }): { ini: string; userlist: string } {
  const url = new URL(options.databaseUrl);
  const database = url.pathname.slice(1);
  const ini = `[databases]
${database} = host=${url.hostname} port=${url.port} dbname=${database} user=${decodeURIComponent(url.username)} password=${decodeURIComponent(url.password)}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${options.port}
unix_socket_dir =
auth_type = trust
auth_file = ${path.join(options.dir, "userlist.txt")}
pool_mode = transaction
; server connections per database and user: 2-4 x the database's cores
default_pool_size = ${PGBOUNCER_POOL_SIZE}
reserve_pool_size = 2
reserve_pool_timeout = 1
; every app instance's DATABASE_POOL_SIZE added up, with room for a restart's overlap
max_client_conn = 500
; a request that cannot get a server connection in time fails (503) instead of queueing forever
query_wait_timeout = 10
server_reset_query =
server_check_delay = 5
ignore_startup_parameters = extra_float_digits,options
logfile =
pidfile =
`;
  return { ini, userlist: `"${decodeURIComponent(url.username)}" ""\n` };
}

export function haproxyConfig(options: { port: number; appPorts: number[] }): string {
  return `global
    maxconn 2000

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    # /api/health reads the database: on a busy machine it can take a second or more
    timeout check 5s
    # a refused connection (an instance just died) is retried once on another instance
    retries 1
    option redispatch

frontend retain
    bind 127.0.0.1:${options.port}
    default_backend app

backend app
    balance leastconn
    option httpchk GET /api/health
    http-check expect status 200
    # a dead instance (connection refused) leaves the rotation after 2 failed checks 1 s apart, and a
    # slow answer to a check is not a failure (timeout check); back after 2 good checks
    default-server inter 1s fall 2 rise 2 maxconn 64
${options.appPorts.map((port, index) => `    server app${index + 1} 127.0.0.1:${port} check`).join("\n")}
`;
}

type Daemon = { process: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> };

async function startDaemon(label: string, command: string, args: string[], ready: () => Promise<boolean>): Promise<Daemon> {
  const logFile = fs.openSync(path.join(RESULTS_DIR, `${label}.log.tmp`), "a");
  const child = spawn(command, args, { stdio: ["ignore", logFile, logFile] });
  const deadline = Date.now() + 20_000;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}; see bench/results/${label}.log.tmp`);
    if (Date.now() > deadline) throw new Error(`${label} did not become ready; see bench/results/${label}.log.tmp`);
    await sleep(100);
  }
  return {
    process: child,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill(signal);
        await Promise.race([exited, sleep(5_000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
      fs.closeSync(logFile);
    },
  };
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** One request's outcome, stamped with when it ended (seconds since the start of the load). */
type Outcome = { at: number; kind: "answer" | "queue" | "signin"; status: number; ms: number };

async function main() {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const pgbouncerBin = ensureDebianPackage("pgbouncer", "pgbouncer");
  const haproxyBin = ensureDebianPackage("haproxy", "haproxy");
  ensureBuild(false, log);
  const snapshot = snapshotBuild();
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-deploy-"));
  fs.chmodSync(configDir, 0o755);
  const database = await startBenchDatabase("retain_deploy");
  const servers: (BenchServer | undefined)[] = [];
  const daemons: Daemon[] = [];
  try {
    Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: BENCH_SECRET });
    const pool = seedPool(database.url);
    const data = await seedDataSet(pool, { students: quick ? 60 : 200, cards: 40, days: quick ? 7 : 14, heavyCards: 50, seed: 1208, now: new Date() }, "deploy");
    await pool.end();
    log(`seeded ${data.counts.users} users, ${data.counts.reviewLogs} review logs`);

    // PgBouncer: refuses to run as root, so it drops to `nobody` when started as root.
    const bouncer = pgbouncerConfig({ port: PGBOUNCER_PORT, databaseUrl: database.url, dir: configDir });
    fs.writeFileSync(path.join(configDir, "pgbouncer.ini"), bouncer.ini, { mode: 0o644 });
    fs.writeFileSync(path.join(configDir, "userlist.txt"), bouncer.userlist, { mode: 0o644 });
    const bouncedUrl = (() => {
      const url = new URL(database.url);
      url.port = String(PGBOUNCER_PORT);
      return url.toString();
    })();
    const startBouncer = () =>
      startDaemon("pgbouncer", pgbouncerBin, [...(process.getuid?.() === 0 ? ["-u", "nobody"] : []), path.join(configDir, "pgbouncer.ini")], () => canQuery(bouncedUrl));
    let bouncerDaemon = await startBouncer();
    daemons.push(bouncerDaemon);
    log(`PgBouncer (transaction mode, pool ${PGBOUNCER_POOL_SIZE}) on :${PGBOUNCER_PORT}`);

    const appPorts = Array.from({ length: instances }, (_, index) => APP_PORT_BASE + index);
    const balancerUrl = `http://127.0.0.1:${HAPROXY_PORT}`;
    const startApp = (index: number) =>
      startServer({
        databaseUrl: bouncedUrl,
        label: `deploy-app${index + 1}`,
        appDir: snapshot.dir,
        port: appPorts[index],
        env: { DATABASE_POOL_SIZE: String(DATABASE_POOL_SIZE), NEXTAUTH_URL: balancerUrl },
      });
    for (let index = 0; index < instances; index += 1) servers.push(await startApp(index));
    log(`${instances} app instances on :${appPorts.join(", :")} (DATABASE_POOL_SIZE ${DATABASE_POOL_SIZE}, through PgBouncer)`);

    fs.writeFileSync(path.join(configDir, "haproxy.cfg"), haproxyConfig({ port: HAPROXY_PORT, appPorts }));
    daemons.push(
      await startDaemon("haproxy", haproxyBin, ["-f", path.join(configDir, "haproxy.cfg"), "-db"], async () => {
        try {
          return (await fetch(`${balancerUrl}/api/health`)).ok;
        } catch {
          return false;
        }
      }),
    );
    log(`haproxy on :${HAPROXY_PORT}`);

    const phases = quick ? { kill: 8, bouncer: 16, revive: 22, end: 30 } : { kill: 15, bouncer: 30, revive: 40, end: 55 };
    const outcomes: Outcome[] = [];
    const loadStart = performance.now();
    const now = () => (performance.now() - loadStart) / 1000;
    let running = true;
    const accepted = new Map<string, string>();
    let gaveUp = 0;
    const cookies = await sessionCookies(data.students);

    const request = async (kind: Outcome["kind"], url: string, init: RequestInit): Promise<Response | null> => {
      const begun = performance.now();
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
        outcomes.push({ at: now(), kind, status: response.status, ms: performance.now() - begun });
        return response;
      } catch {
        outcomes.push({ at: now(), kind, status: 0, ms: performance.now() - begun });
        return null;
      }
    };

    const answerWorker = async (worker: number, student: SeededStudent, cookie: string) => {
      for (let turn = 0; running; turn += 1) {
        const key = `deploy-${worker}-${turn}`;
        const body = JSON.stringify({ cardId: student.cardIds[(turn * 7 + worker) % student.cardIds.length], rating: 1 + ((turn + worker) % 4), idempotencyKey: key });
        // As the outbox does: the same key again until the server answers (5xx and lost replies are retried).
        for (let attempt = 0; ; attempt += 1) {
          const response = await request("answer", `${balancerUrl}/api/review`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body });
          if (response && response.status < 500) {
            const json = (await response.json().catch(() => null)) as { card?: unknown } | null;
            if (response.status === 200) accepted.set(key, JSON.stringify(json?.card));
            break;
          }
          await response?.arrayBuffer().catch(() => {});
          if (attempt >= 60) {
            gaveUp += 1;
            break;
          }
          await sleep(250);
        }
      }
    };
    const queueWorker = async (cookie: string) => {
      while (running) {
        const response = await request("queue", `${balancerUrl}/api/review/queue?course=${encodeURIComponent(data.course.slug)}&limit=50`, { headers: { cookie } });
        await response?.arrayBuffer().catch(() => {});
        await sleep(100);
      }
    };
    const signInWorker = async (worker: number) => {
      for (let turn = 0; running; turn += 1) {
        const student = data.students[(worker * 13 + turn) % data.students.length]!;
        const client = anonymousClient(balancerUrl, `198.51.100.${(turn % 200) + 1}`);
        const begun = performance.now();
        try {
          const response = await attemptSignIn(client, { email: student.email, password: BENCH_PASSWORD });
          await response.arrayBuffer().catch(() => {});
          outcomes.push({ at: now(), kind: "signin", status: response.status, ms: performance.now() - begun });
        } catch {
          outcomes.push({ at: now(), kind: "signin", status: 0, ms: performance.now() - begun });
        }
        await sleep(300);
      }
    };

    const answerWorkers = quick ? 12 : 24;
    const load = Promise.all([
      ...Array.from({ length: answerWorkers }, (_, worker) => answerWorker(worker, data.students[worker]!, cookies[worker]!)),
      ...Array.from({ length: 3 }, (_, worker) => queueWorker(cookies[answerWorkers + worker]!)),
      ...Array.from({ length: 2 }, (_, worker) => signInWorker(worker)),
    ]);
    log(`load through haproxy: ${answerWorkers} answering students, 3 queue readers, 2 signing in`);

    const faults: { fault: string; at: number; until: number; recovered?: number }[] = [];
    const until = async (second: number) => {
      while (now() < second) await sleep(50);
    };
    await until(phases.kill);
    const victim = servers[instances - 1]!;
    victim.process.kill("SIGKILL");
    servers[instances - 1] = undefined;
    faults.push({ fault: `app instance ${instances} killed (SIGKILL)`, at: now(), until: phases.bouncer });
    log(`killed app instance ${instances}`);

    await until(phases.bouncer);
    const bouncerRestart = now();
    await bouncerDaemon.stop("SIGTERM"); // immediate shutdown: open transactions are cut
    daemons.splice(daemons.indexOf(bouncerDaemon), 1);
    bouncerDaemon = await startBouncer();
    daemons.push(bouncerDaemon);
    faults.push({ fault: "PgBouncer restarted (SIGTERM, started again)", at: bouncerRestart, until: phases.revive });
    log(`restarted PgBouncer (down ${round(now() - bouncerRestart, 1)} s)`);

    await until(phases.revive);
    const revived = now();
    servers[instances - 1] = await startApp(instances - 1);
    faults.push({ fault: `app instance ${instances} started again`, at: revived, until: phases.end });
    log(`app instance ${instances} is back (${round(now() - revived, 1)} s to healthy)`);

    await until(phases.end);
    running = false;
    await load;
    const seconds = now();
    for (const server of servers) await server?.stop();
    servers.length = 0;

    // The fault table: failures (5xx or a lost connection) from each fault until the next phase.
    const failed = (outcome: Outcome) => outcome.status === 0 || outcome.status >= 500;
    const rows = [{ fault: "steady state (before the first fault)", at: 0, until: phases.kill }, ...faults].map((phase) => {
      const window = outcomes.filter((outcome) => outcome.at >= phase.at && outcome.at < phase.until);
      const failures = window.filter(failed);
      const lastFailure = failures.length ? Math.max(...failures.map((outcome) => outcome.at)) : undefined;
      return {
        phase: phase.fault,
        at: round(phase.at, 1),
        requests: window.length,
        "5xx": failures.filter((outcome) => outcome.status >= 500).length,
        "lost connections": failures.filter((outcome) => outcome.status === 0).length,
        "recovery s": phase.at === 0 ? "—" : lastFailure === undefined ? 0 : round(lastFailure - phase.at, 1),
      };
    });

    log("verifying: one log per acknowledged answer, versions, replays …");
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    let counts: { key: string; logs: number }[];
    let versionMismatches: number;
    try {
      counts = (await client.query<{ key: string; logs: number }>(`SELECT "idempotencyKey" AS key, count(*)::int AS logs FROM "ReviewLog" WHERE "idempotencyKey" LIKE 'deploy-%' GROUP BY 1`)).rows;
      versionMismatches = (
        await client.query<{ n: number }>(`
          SELECT count(*)::int AS n FROM "CardState" s
          WHERE s.version <> (SELECT count(*) FROM "ReviewLog" l WHERE l."userId" = s."userId" AND l."cardId" = s."cardId")`)
      ).rows[0]!.n;
    } finally {
      await client.end();
    }
    const logsByKey = new Map(counts.map((row) => [row.key, row.logs]));
    const lost = [...accepted.keys()].filter((key) => !logsByKey.has(key)).length;
    const doubled = counts.filter((row) => row.logs > 1).length;
    const unacknowledged = counts.filter((row) => !accepted.has(row.key)).length;
    const { verifyAllReplays } = await import("@/lib/review/verify");
    const replay = await verifyAllReplays();
    const { db } = await import("@/lib/db/client");
    await db().$disconnect();

    const byKind = (kind: Outcome["kind"]) => {
      const mine = outcomes.filter((outcome) => outcome.kind === kind);
      const ok = mine.filter((outcome) => outcome.status >= 200 && outcome.status < 300);
      const latency = summarise(mine.map((outcome) => outcome.ms));
      const statuses: Record<string, number> = {};
      for (const outcome of mine) statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      return { requests: mine.length, ok: ok.length, perSecond: round(mine.length / seconds, 0), p50: round(latency.p50, 0), p99: round(latency.p99, 0), statuses };
    };
    const traffic = { answers: byKind("answer"), queue: byKind("queue"), signIns: byKind("signin") };
    const ok = lost === 0 && doubled === 0 && unacknowledged === 0 && gaveUp === 0 && versionMismatches === 0 && replay.mismatches.length === 0;

    console.log(`\nDeployment under faults: PostgreSQL ◀ PgBouncer (transaction, pool ${PGBOUNCER_POOL_SIZE}) ◀ ${instances} × next start (pool ${DATABASE_POOL_SIZE}) ◀ haproxy; ${round(seconds, 0)} s of load; load average ${os.loadavg().map((value) => round(value, 2)).join(", ")}\n`);
    console.log("| phase | at s | requests | 5xx | lost connections | recovery s |\n| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const row of rows) console.log(`| ${row.phase} | ${row.at} | ${row.requests} | ${row["5xx"]} | ${row["lost connections"]} | ${row["recovery s"]} |`);
    console.log("\n| traffic | requests | 2xx | req/s | p50 ms | p99 ms | statuses |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const [name, figures] of Object.entries(traffic)) {
      console.log(`| ${name} | ${figures.requests} | ${figures.ok} | ${figures.perSecond} | ${figures.p50} | ${figures.p99} | ${Object.entries(figures.statuses).map(([status, count]) => `${status === "0" ? "lost" : status}: ${count}`).join(", ")} |`);
    }
    const summary =
      `${ok ? "✓" : "✗"} ${accepted.size} answers acknowledged, ${counts.length} logged: ${lost} lost, ${doubled} doubled, ` +
      `${unacknowledged} logged but never acknowledged, ${gaveUp} given up; ${replay.states} states equal their replay ` +
      `(${replay.mismatches.length} mismatches), ${versionMismatches} version mismatches.`;
    console.log(`\n${summary}`);
    const out = argument("json");
    if (out) fs.writeFileSync(out, JSON.stringify({ ok, instances, phases: rows, traffic, accepted: accepted.size, logs: counts.length, lost, doubled, unacknowledged, gaveUp, versionMismatches, replay: { states: replay.states, mismatches: replay.mismatches.length }, summary }, null, 2));
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const server of servers) await server?.stop().catch(() => {});
    for (const daemon of daemons) await daemon.stop().catch(() => {});
    snapshot.remove();
    fs.rmSync(configDir, { recursive: true, force: true });
    await database.stop().catch(() => {});
  }
}

await main();
