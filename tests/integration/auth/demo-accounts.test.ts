import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import { db } from "@/lib/db/client";
import { verifyCredentials } from "@/lib/auth/credentials";
import { ensureDemoAccounts } from "@/scripts/lib/demo-accounts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-demo-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const local = { localMode: true, dev: false, baseUrl: "http://localhost:3000" };

describe("ensureDemoAccounts", () => {
  test("never runs against an external database", async () => {
    const file = path.join(dir, "external.json");
    expect(await ensureDemoAccounts({ ...local, localMode: false }, file)).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    expect(await db().user.count({ where: { email: { endsWith: "@retain.test" } } })).toBe(0);
  });

  test("first start creates a student and an instructor, saves and prints their credentials; later starts print the same", async () => {
    const file = path.join(dir, "demo-accounts.json");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const first = await ensureDemoAccounts(local, file);
    expect(first.map((account) => account.role)).toEqual(["student", "instructor"]);
    for (const account of first) {
      expect((await verifyCredentials(account))?.role).toBe(account.role);
      expect(log.mock.calls.flat().join("\n")).toContain(account.password);
    }
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("600");

    const second = await ensureDemoAccounts(local, file);
    expect(second).toEqual(first);
    expect(await db().user.count({ where: { email: { endsWith: "@retain.test" } } })).toBe(2);

    // A wiped database gets the same credentials back.
    await db().user.deleteMany({ where: { email: { endsWith: "@retain.test" } } });
    await ensureDemoAccounts(local, file);
    expect(await verifyCredentials(first[0]!)).not.toBeNull();
    log.mockRestore();
  });
});
