/**
 * What one reliability scenario records (written by support/figures.ts during the tests, read by
 * report.ts after them). No vitest import: report.ts runs as a global setup, outside the tests.
 */
export type ScenarioRecord = {
  id: string;
  /** Section of the report: authorization, input, concurrency, faults, attacks. */
  area: string;
  title: string;
  /** "open-defect": a known-defect test (known-defects.ts) that still reproduces its defect. */
  status: "passed" | "failed" | "open-defect";
  figures: Record<string, number>;
  notes: string[];
  error?: string;
  durationMs: number;
  finishedAt: string;
};
