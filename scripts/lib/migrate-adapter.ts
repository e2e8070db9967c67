/**
 * Driver adapter for Prisma's JavaScript schema engine (`engine: "js"` in prisma.config.ts), with
 * workarounds for two upstream bugs in Prisma 6.19's `@prisma/adapter-pg`. Delete this file's
 * workarounds (keep only `new PrismaPg(connectionFields(url))`) once a fixed Prisma 6.x ships.
 *
 * 1. prisma/prisma#27403: the engine cannot decode the Postgres catalog types `name` (oid 19) and
 *    `"char"` (oid 18), so `migrate dev` fails with "Column type 'name' could not be deserialized".
 *    Their text form is plain text, so relabelling those columns as `text` in query results is enough.
 * 2. The adapter's shadow database: it derives the shadow connection by overriding `database`, which a
 *    `connectionString` silently wins over (so we pass discrete fields), and it drops the shadow
 *    database while its own pool is still connected (so we close that pool first and drop it
 *    `WITH (FORCE)`).
 * 3. The adapter's `executeScript` splits a migration on every ";", which breaks function bodies
 *    (`$$ … $$`, e.g. the CardReviewSummary trigger) and string literals. Postgres runs a
 *    multi-statement script as one simple query, which is what Prisma's own engine sends, so the
 *    script goes whole (and a failing migration leaves nothing half-applied).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const TEXT_OID = 25;
const UNDECODABLE_CATALOG_OIDS = new Set([18, 19]);

function relabelCatalogColumns<T>(result: T): T {
  const results = Array.isArray(result) ? result : [result];
  for (const each of results as Array<{ fields?: Array<{ dataTypeID: number }> } | undefined>) {
    for (const field of each?.fields ?? []) {
      if (UNDECODABLE_CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** A `pg.Client` whose results never report the catalog types the schema engine cannot decode. */
export class CatalogTextClient extends pg.Client {
  // pg's overloads (promise or callback, config object or text) are forwarded untouched.
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as (error: Error | null, result: unknown) => void;
      const wrapped = (error: Error | null, result: unknown) =>
        callback(error, error ? result : relabelCatalogColumns(result));
      return (super.query as (...a: unknown[]) => never)(...args.slice(0, -1), wrapped);
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    if (returned && typeof (returned as Promise<unknown>).then === "function") {
      return (returned as Promise<unknown>).then(relabelCatalogColumns) as never;
    }
    return returned as never;
  }
}

export type ConnectionFields = {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
};

export function connectionFields(databaseUrl: string): ConnectionFields {
  const url = new URL(databaseUrl);
  const socketHost = url.searchParams.get("host");
  return {
    host: socketHost ?? decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
  };
}

type ScriptRunner = { executeScript(script: string): Promise<void>; underlyingDriver(): unknown };

/** Workaround 3: send each migration script to Postgres in one piece. */
function sendScriptsWhole<T extends ScriptRunner>(adapter: T): T {
  const driver = adapter.underlyingDriver() as Pick<pg.Pool, "query">;
  const onError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await driver.query(script);
    } catch (error) {
      onError(error);
    }
  };
  return adapter;
}

class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly fields: ConnectionFields) {
    super({ ...fields, Client: CatalogTextClient } as pg.PoolConfig);
  }

  override async connect() {
    return sendScriptsWhole(await super.connect());
  }

  override async connectToShadowDb() {
    const admin = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = sendScriptsWhole(
      await new PrismaPg({
        ...this.fields,
        database,
        Client: CatalogTextClient,
      } as pg.PoolConfig).connect(),
    );
    const disposeShadow = shadow.dispose.bind(shadow);
    return Object.assign(shadow, {
      dispose: async () => {
        await disposeShadow();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.dispose();
      },
    });
  }
}

export function migrationAdapter(databaseUrl: string) {
  return new MigrationAdapterFactory(connectionFields(databaseUrl));
}
