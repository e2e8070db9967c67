import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DbClient = PrismaClient | Tx;

// One client per database URL and process: Next's dev server re-evaluates modules, and tests switch
// databases per file, so the cache lives on globalThis.
const clients = ((globalThis as { __retainPrisma?: Map<string, PrismaClient> }).__retainPrisma ??= new Map());

export function db(): PrismaClient {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  let client = clients.get(DATABASE_URL);
  if (!client) {
    const adapter = new PrismaPg({
      connectionString: DATABASE_URL,
      max: DATABASE_POOL_SIZE,
      // Fail fast when the database is unreachable instead of queueing requests behind a dead pool.
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
    });
    // Under load, transactions queue for a pooled connection and for row locks; Prisma's defaults
    // (2 s to start, 5 s to finish) would turn that queueing into errors.
    client = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
    clients.set(DATABASE_URL, client);
  }
  return client;
}
