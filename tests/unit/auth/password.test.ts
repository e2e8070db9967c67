import { describe, expect, test } from "vitest";
import { hashPassword, needsRehash, verifyAgainstDummyHash, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  test("argon2id with the configured cost, verified and rejected correctly", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "Correct horse battery")).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  test("a malformed hash is a failed check, not an exception", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
    expect(needsRehash("not-a-hash")).toBe(true);
    expect(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$abc$def")).toBe(true);
  });

  test("the dummy check always fails", async () => {
    expect(await verifyAgainstDummyHash("anything")).toBe(false);
  });

  // The budget is ~50 ms per hash on an idle 2-core machine; this only catches a cost setting gone
  // badly wrong (e.g. a memory cost in bytes instead of KiB), not a busy test machine.
  test("hashing cost is in the right order of magnitude", async () => {
    await hashPassword("warm-up-password");
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await hashPassword(`timing-${i}-password`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    expect(times[2]).toBeLessThan(1_000);
  });
});
