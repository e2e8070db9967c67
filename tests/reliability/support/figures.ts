/**
 * Figures for docs/RELIABILITY.md. Each reliability test is one scenario: it counts what it did
 * (requests, inputs tried, faults injected, answers lost...) on a `Scenario` and the result is
 * written when the test finishes, passed or failed, to `test-results/reliability/<id>.json`.
 * tests/reliability/report.ts merges those into `test-results/reliability.json` and the document.
 * One file per scenario, because test files run in parallel workers.
 */
import fs from "node:fs";
import path from "node:path";
import { onTestFinished } from "vitest";
import type { ScenarioRecord } from "./scenario-record";

export const FRAGMENT_DIR = path.resolve("test-results/reliability");


export class Scenario {
  readonly figures: Record<string, number> = {};
  readonly notes: string[] = [];
  private readonly started = Date.now();

  constructor(
    readonly id: string,
    readonly area: string,
    readonly title: string,
  ) {}

  add(figure: string, amount = 1): void {
    this.figures[figure] = (this.figures[figure] ?? 0) + amount;
  }

  set(figure: string, value: number): void {
    this.figures[figure] = value;
  }

  max(figure: string, value: number): void {
    this.figures[figure] = Math.max(this.figures[figure] ?? 0, value);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  write(status: ScenarioRecord["status"], error?: string): void {
    const record: ScenarioRecord = {
      id: this.id,
      area: this.area,
      title: this.title,
      status,
      figures: this.figures,
      notes: this.notes,
      ...(error ? { error } : {}),
      durationMs: Date.now() - this.started,
      finishedAt: new Date().toISOString(),
    };
    fs.mkdirSync(FRAGMENT_DIR, { recursive: true });
    fs.writeFileSync(path.join(FRAGMENT_DIR, `${this.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
}

/**
 * Call at the start of a test: the returned scenario's figures are written when the test ends,
 * marked passed or failed by the test's own result.
 */
export function scenario(id: string, area: string, title: string): Scenario {
  const current = new Scenario(id, area, title);
  onTestFinished(({ task }) => {
    const failed = task.result?.state === "fail";
    const error = task.result?.errors?.[0]?.message?.split("\n")[0];
    if (task.meta.openDefect) current.write(failed ? "failed" : "open-defect", error);
    else current.write(failed ? "failed" : "passed", failed ? error : undefined);
  });
  return current;
}
