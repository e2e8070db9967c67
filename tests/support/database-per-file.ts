/**
 * Runs before each integration test file: clones the migrated template into a database of the file's
 * own, so files never see each other's rows, and points this worker's environment at it.
 */
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { ensureDatabase } from "@/scripts/lib/embedded-postgres";
import { TEST_AUTH_SECRET } from "./constants";

const adminUrl = inject("adminDatabaseUrl");
const databaseName = `test_${randomUUID().replaceAll("-", "")}`;
await ensureDatabase(adminUrl, databaseName, inject("templateDatabase"));

const url = new URL(adminUrl);
url.pathname = `/${databaseName}`;
process.env.DATABASE_URL = url.toString();
process.env.NEXTAUTH_SECRET = TEST_AUTH_SECRET;
process.env.DATABASE_POOL_SIZE ??= "5";
