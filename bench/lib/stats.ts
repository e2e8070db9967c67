/** Percentiles and small helpers shared by the benchmark's drivers. */
import fs from "node:fs";

export function percentile(sortedAscending: readonly number[], p: number): number {
  if (!sortedAscending.length) return Number.NaN;
  const rank = Math.min(sortedAscending.length - 1, Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1));
  return sortedAscending[rank]!;
}

export function summarise(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function cpuTimes(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** Fraction of all CPUs busy over `ms` (Linux /proc/stat), whoever is using them. */
export async function cpuBusy(ms = 1_000): Promise<number> {
  try {
    const before = cpuTimes();
    await sleep(ms);
    const after = cpuTimes();
    return round((after.busy - before.busy) / Math.max(1, after.total - before.total), 2);
  } catch {
    return Number.NaN;
  }
}

/**
 * Waits (up to `maxSeconds`) until the machine is quiet, i.e. nothing else keeps the CPUs busy,
 * so the figures measure Retain and not a neighbour's build. Returns the last busy fraction seen.
 */
export async function waitForQuietMachine(maxSeconds: number, log: (line: string) => void, threshold = 0.25): Promise<number> {
  const deadline = performance.now() + maxSeconds * 1000;
  let busy = await cpuBusy();
  if (busy > threshold && maxSeconds > 0) log(`the machine is busy (${Math.round(busy * 100)}% CPU used by other processes); waiting up to ${maxSeconds} s for it to calm down …`);
  while (busy > threshold && performance.now() < deadline) busy = await cpuBusy(2_000);
  return busy;
}
