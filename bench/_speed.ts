import { answerCard, newCardState, DEFAULT_PARAMS, previewOutcomes, type SrsCardState } from "@/lib/srs";
for (const tz of ["UTC", "America/New_York"]) {
  const rule = { timeZone: tz, dayStartHour: 4 };
  const base = Date.parse("2026-01-01T10:00:00Z");
  const pool: SrsCardState[] = [];
  for (let c = 0; c < 500; c++) { let t = base + c * 3600_000; let s = newCardState(new Date(t)); for (let k = 0; k < 4; k++) { s = answerCard(s, 3, new Date(t), DEFAULT_PARAMS, rule).state; t = Math.max(t + 60_000, s.due.getTime()); } pool.push(s); }
  const now = base + 2000 * 86400_000;
  for (const [name, fn] of [["answer", (s: SrsCardState, i: number) => answerCard(s, ((i % 4) + 1) as 1, new Date(now + i * 1000), DEFAULT_PARAMS, rule)], ["preview", (s: SrsCardState, i: number) => previewOutcomes({ ...s, suspended: false, version: 1 } as never, new Date(now + i * 1000), DEFAULT_PARAMS, rule)]] as const) {
    for (let i = 0; i < 3000; i++) fn(pool[i % 500]!, i);
    const N = 30000; const start = performance.now();
    for (let i = 0; i < N; i++) fn(pool[i % 500]!, i);
    const ms = performance.now() - start;
    console.log(tz, name, (N / ms * 1000).toFixed(0), "ops/s", (ms * 1000 / N).toFixed(1), "µs");
  }
}
