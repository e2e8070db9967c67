/** HTTP load with autocannon: one warm-up, one measured run, the figures the table needs. */
import autocannon, { type Client, type RequestSpec, type Result } from "autocannon";
import { round, sleep } from "./stats";

export type LoadFigures = {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  statusCodes: Record<string, number>;
};

export type LoadSpec = {
  url: string;
  connections: number;
  duration: number;
  warmup: number;
  /** One request template per connection (cookie, body factory …); default: a plain GET. */
  perConnection?: (index: number) => RequestSpec;
  /** Called when the measured run starts (after the warm-up). */
  onMeasuredStart?: () => void;
};

function figures(result: Result, connections: number): LoadFigures {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, Number(stat.count)]));
  const total = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    connections,
    seconds: result.duration,
    requests: total,
    rps: round(total / result.duration, 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    statusCodes,
  };
}

async function run(spec: LoadSpec, duration: number): Promise<Result> {
  let index = 0;
  return autocannon({
    url: spec.url,
    connections: spec.connections,
    duration,
    timeout: 30,
    setupClient: spec.perConnection
      ? (client: Client) => client.setRequests([spec.perConnection!(index++)])
      : undefined,
  });
}

export async function httpLoad(spec: LoadSpec): Promise<LoadFigures> {
  if (spec.warmup > 0) await run(spec, spec.warmup);
  await sleep(300);
  spec.onMeasuredStart?.();
  return figures(await run(spec, spec.duration), spec.connections);
}
