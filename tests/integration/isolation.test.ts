import { expect, test } from "vitest";
import { db } from "@/lib/db/client";

test("each test file gets its own migrated database", async () => {
  const [{ current_database: name }] = await db().$queryRaw<{ current_database: string }[]>`SELECT current_database()::text AS current_database`;
  expect(name).toMatch(/^test_[0-9a-f]{32}$/);
  expect(await db().user.count()).toBe(0);
});
