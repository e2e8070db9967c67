import "server-only";
import { db } from "./client";

export type DatabaseHealth = { ok: true; latencyMs: number } | { ok: false; error: string };

export async function checkDatabase(timeoutMs = 2_000): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split("\n")[0]! : "unreachable" };
  }
}
