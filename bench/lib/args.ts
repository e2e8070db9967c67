/** Command-line options of `npm run bench` (and `bench:scale`, `bench:client`). */
export type BenchOptions = {
  students: number;
  /** Cards each student has studied (the built-in course when it has that many, else a synthetic one). */
  cards: number;
  /** Days of simulated review history before now. */
  days: number;
  /** Card states of the one heavy student whose queue is measured. */
  heavyCards: number;
  quick: boolean;
  client: boolean;
  scale: boolean;
  /** Lighthouse's score of the review page (part of the client measurements). */
  lighthouse: boolean;
  /** The class-dashboard row (seeds a 500-student class with bench/dashboard.ts). */
  dashboard: boolean;
  /** Rebuild even when `.next/BUILD_ID` exists. */
  build: boolean;
  /** Seconds of measured load per HTTP or database row. */
  duration: number;
  /** Seconds of unmeasured warm-up before each load row. */
  warmup: number;
  seed: number;
  /** Rewrite the marked section of docs/PERFORMANCE.md from the results. */
  docs: boolean;
  /** Measure nothing: print the table of bench/results/latest.json and rewrite the docs from it. */
  reportOnly: boolean;
};

const DEFAULTS: BenchOptions = {
  students: 2_000,
  cards: 40,
  days: 60,
  heavyCards: 5_000,
  quick: false,
  client: true,
  scale: true,
  dashboard: true,
  lighthouse: true,
  build: false,
  duration: 10,
  warmup: 3,
  seed: 20261128,
  docs: true,
  reportOnly: false,
};

/** A smoke run: small data, short rows, no class dashboard, Lighthouse or two-instance run (bench:scale has it). */
const QUICK: Partial<BenchOptions> = { students: 150, days: 21, duration: 3, warmup: 1, scale: false, dashboard: false, lighthouse: false };

const USAGE = `npm run bench -- [options]
  --students N     simulated students (default ${DEFAULTS.students}; --quick ${QUICK.students})
  --cards N        cards each student has studied (default ${DEFAULTS.cards})
  --days N         days of review history (default ${DEFAULTS.days}; --quick ${QUICK.days})
  --heavy-cards N  card states of the heavy student whose queue is fetched (default ${DEFAULTS.heavyCards})
  --duration S     seconds of load per row (default ${DEFAULTS.duration}; --quick ${QUICK.duration})
  --warmup S       seconds of warm-up before each row (default ${DEFAULTS.warmup})
  --quick          small data set and short runs (< 3 minutes with a build present)
  --no-client      skip the browser measurements (bench/client.ts)
  --no-scale       skip the two-instance run (bench/two-instances.ts); --scale to add it to --quick
  --no-dashboard   skip the class-dashboard row; --dashboard to add it to --quick
  --no-lighthouse  skip Lighthouse; --lighthouse to add it to --quick
  --no-docs        do not rewrite docs/PERFORMANCE.md
  --report-only    measure nothing: print bench/results/latest.json as the table and rewrite the docs from it
  --build          rebuild the app even if .next/BUILD_ID exists
  --seed N         random seed of the simulated data`;

export function parseBenchArgs(argv: string[]): BenchOptions {
  const explicit: Partial<BenchOptions> = {};
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const number = () => {
      const value = Number(argv[++index]);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${arg} needs a positive number\n\n${USAGE}`);
      return value;
    };
    switch (arg) {
      case "--students": explicit.students = Math.floor(number()); break;
      case "--cards": explicit.cards = Math.floor(number()); break;
      case "--days": explicit.days = Math.floor(number()); break;
      case "--heavy-cards": explicit.heavyCards = Math.floor(number()); break;
      case "--duration": explicit.duration = number(); break;
      case "--warmup": explicit.warmup = number(); break;
      case "--seed": explicit.seed = Math.floor(number()); break;
      case "--quick": flags.add("quick"); break;
      case "--no-client": explicit.client = false; break;
      case "--no-scale": explicit.scale = false; break;
      case "--scale": explicit.scale = true; break;
      case "--no-dashboard": explicit.dashboard = false; break;
      case "--dashboard": explicit.dashboard = true; break;
      case "--no-lighthouse": explicit.lighthouse = false; break;
      case "--lighthouse": explicit.lighthouse = true; break;
      case "--no-docs": explicit.docs = false; break;
      case "--build": explicit.build = true; break;
      case "--report-only": explicit.reportOnly = true; break;
      case "--help": case "-h": console.log(USAGE); process.exit(0); break;
      default: throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
    }
  }
  const quick = flags.has("quick");
  return { ...DEFAULTS, ...(quick ? QUICK : {}), ...explicit, quick };
}
