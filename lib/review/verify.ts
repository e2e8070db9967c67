import "server-only";
import { db } from "@/lib/db/client";
import { findReplayMismatches, loadHistories, type ReplayMismatch } from "./history";
import { loadSchedulingContext } from "./scheduling-context";

export type VerifyReport = { students: number; states: number; mismatches: (ReplayMismatch & { userId: string; courseId: string })[] };

/**
 * Rebuilds every stored card state from its review log and lists the differences. An operator tool
 * (`npm run srs:verify`), so it reads across all students.
 */
export async function verifyAllReplays(): Promise<VerifyReport> {
  const client = db();
  const pairs = await client.cardState.groupBy({ by: ["userId", "courseId"] });
  const report: VerifyReport = { students: new Set(pairs.map((pair) => pair.userId)).size, states: 0, mismatches: [] };
  for (const { userId, courseId } of pairs) {
    const rows = await client.cardState.findMany({ where: { userId, courseId } });
    const histories = await loadHistories(client, userId, courseId);
    const context = await loadSchedulingContext(client, userId, courseId);
    report.states += rows.length;
    const { mismatches } = findReplayMismatches(rows, histories, context);
    report.mismatches.push(...mismatches.map((mismatch) => ({ ...mismatch, userId, courseId })));
  }
  return report;
}
