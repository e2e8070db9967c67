import { describe, expect, test } from "vitest";
import { newDeviceCookieValue, trustedDeviceId } from "@/lib/auth/device-cookie";
import { Semaphore } from "@/lib/auth/password";
import { backoffWait } from "@/lib/auth/throttle";
import { containsPattern } from "@/lib/accounts/users";

describe("Semaphore (bounded password hashing)", () => {
  test("never runs more than its slots at once, and serves waiters in order", async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        semaphore.run(async () => {
          running += 1;
          most = Math.max(most, running);
          order.push(index);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(semaphore.queued).toBe(0);
  });

  test("a failing task frees its slot", async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(semaphore.run(async () => "next")).resolves.toBe("next");
  });
});

describe("growing delays", () => {
  const delay = { baseSeconds: 30, maxSeconds: 900 };
  test("doubles with each event over the limit, from the latest one, up to the cap", () => {
    expect(backoffWait(delay, 0, 0)).toBe(30);
    expect(backoffWait(delay, 1, 0)).toBe(60);
    expect(backoffWait(delay, 3, 40)).toBe(200);
    expect(backoffWait(delay, 10, 0)).toBe(900);
    expect(backoffWait(delay, 0, 31)).toBe(0);
  });
});

describe("device cookies", () => {
  test("valid only for the account they were issued for, and only unaltered", () => {
    process.env.NEXTAUTH_SECRET ??= "x".repeat(40);
    const value = newDeviceCookieValue("ada@example.edu");
    expect(trustedDeviceId(value, "ada@example.edu")).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(trustedDeviceId(value, "eve@example.edu")).toBeNull();
    expect(trustedDeviceId(`${value.slice(0, -1)}${value.endsWith("A") ? "B" : "A"}`, "ada@example.edu")).toBeNull();
    expect(trustedDeviceId(undefined, "ada@example.edu")).toBeNull();
    expect(trustedDeviceId("a.b.c.d", "ada@example.edu")).toBeNull();
  });
});

describe("admin search pattern", () => {
  test("% _ and the escape character match themselves", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
