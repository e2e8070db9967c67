import { test, type TestFunction } from "vitest";
import { KNOWN_DEFECTS } from "../known-defects";

declare module "vitest" {
  interface TaskMeta {
    /** Set on a known-defect test while the defect is open (support/figures.ts reports it). */
    openDefect?: string;
  }
}

/**
 * A test reproducing a known defect (tests/reliability/known-defects.ts). While the defect is open
 * the test passes only if the body fails with the defect's symptom; failing any other way, or not
 * failing at all (the defect looks fixed: close it), fails the test. Once closed it is a plain test.
 */
export function defectTest(id: string, name: string, fn: TestFunction, timeout?: number) {
  const defect = KNOWN_DEFECTS[id];
  if (!defect) throw new Error(`Unknown defect ${id}: add it to tests/reliability/known-defects.ts`);
  const title = `${name} [defect: ${id}]`;
  if (!defect.open) return test(title, fn, timeout);
  test(
    title,
    async (context) => {
      context.task.meta.openDefect = id;
      try {
        await fn(context);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (defect.symptom.test(message)) return;
        throw new Error(`[${id}] failed, but not with the known defect's symptom: ${message}`, { cause: error });
      }
      throw new Error(
        `[${id}] no longer reproduces: if it is fixed, set open: false in tests/reliability/known-defects.ts`,
      );
    },
    timeout,
  );
}
