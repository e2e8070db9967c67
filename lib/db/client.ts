import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DbClient = PrismaClient | Tx;

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * PrismaPg that gives a connection back to the pool when its transaction's COMMIT or ROLLBACK fails.
 * Prisma 6.19's transaction manager (with this adapter) sends COMMIT/ROLLBACK as a query and only
 * afterwards calls the adapter's commit()/rollback(), which is what returns the connection. When the
 * query fails because the database went away mid-transaction, that call never happens: every outage
 * leaked the connections of the transactions in flight, until the pool was empty and every request
 * waited out its timeout (503) forever, even with the database back (tests/reliability/faults.test.ts).
 * Releasing the broken connection lets the pool discard it and open a fresh one.
 */
class RecoveringPrismaPg extends PrismaPg {
  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const executeRaw = transaction.executeRaw.bind(transaction);
      transaction.executeRaw = async (query) => {
        try {
          return await executeRaw(query);
        } catch (error) {
          if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql)) await transaction.rollback().catch(() => {});
          throw error;
        }
      };
      return transaction;
    };
    return adapter;
  }
}

// One client per database URL and process: Next's dev server re-evaluates modules, and tests switch
// databases per file, so the cache lives on globalThis.
const clients = ((globalThis as { __retainPrisma?: Map<string, PrismaClient> }).__retainPrisma ??= new Map());

export function db(): PrismaClient {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  let client = clients.get(DATABASE_URL);
  if (!client) {
    const adapter = new RecoveringPrismaPg({
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
