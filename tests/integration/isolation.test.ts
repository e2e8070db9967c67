import { expect, test } from "vitest";
import { db } from "@/lib/db/client";

test("each test file gets its own migrated database", async () => {
  const rows = await db().$queryRaw<{ name: string }[]>`SELECT current_database()::text AS name`;
  expect(rows[0]?.name).toMatch(/^test_[0-9a-f]{32}$/);
  expect(await db().user.count()).toBe(0);
});
