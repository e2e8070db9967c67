import { describe, expect, test } from "vitest";
import {
  consumeThrottle,
  consumeThrottles,
  pruneThrottleEvents,
  releaseThrottle,
  resetThrottle,
} from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { TooManyRequestsError } from "@/lib/errors";

let counter = 0;
const key = () => `key-${++counter}-${Date.now()}`;
const limit = { limit: 3, windowSeconds: 60 };

async function ageAll(bucket: string, k: string, seconds: number) {
  await db()
    .$executeRaw`UPDATE "ThrottleEvent" SET "createdAt" = "createdAt" - make_interval(secs => ${seconds}) WHERE bucket = ${bucket} AND key = ${k}`;
}

describe("consumeThrottle", () => {
  test("allows `limit` events per window, then throws 429 with the wait until the oldest leaves", async () => {
    const k = key();
    for (let i = 0; i < 3; i++) await consumeThrottle("test", k, limit);
    const error = await consumeThrottle("test", k, limit).catch((e) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    // A refused attempt records nothing, so hammering does not extend the lockout.
    expect(await db().throttleEvent.count({ where: { bucket: "test", key: k } })).toBe(3);
  });

  test("the window slides: once the oldest event is older than the window there is room again", async () => {
    const k = key();
    await consumeThrottle("test", k, limit);
    await ageAll("test", k, 50);
    await consumeThrottle("test", k, limit);
    await consumeThrottle("test", k, limit);
    const error = await consumeThrottle("test", k, limit).catch((e) => e);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(10);
    await ageAll("test", k, 11);
    await consumeThrottle("test", k, limit);
  });

  test("buckets and keys are independent", async () => {
    const k = key();
    for (let i = 0; i < 3; i++) await consumeThrottle("a", k, limit);
    await consumeThrottle("b", k, limit);
    await consumeThrottle("a", key(), limit);
  });

  test("parallel consumers never exceed the limit", async () => {
    const k = key();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => consumeThrottle("test", k, { limit: 4, windowSeconds: 60 })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(4);
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(6);
  });

  test("rejects nonsense limits and over-long windows", async () => {
    await expect(consumeThrottle("test", key(), { limit: 0, windowSeconds: 60 })).rejects.toThrow(/limit/);
    await expect(consumeThrottle("test", key(), { limit: 1, windowSeconds: 2 * 86_400 })).rejects.toThrow(
      /windowSeconds/,
    );
  });
});

describe("consumeThrottles", () => {
  test("records under every rule or none", async () => {
    const full = key();
    const open = key();
    for (let i = 0; i < 3; i++) await consumeThrottle("full", full, limit);
    await expect(
      consumeThrottles([
        { bucket: "open", key: open, ...limit },
        { bucket: "full", key: full, ...limit },
      ]),
    ).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(await db().throttleEvent.count({ where: { bucket: "open", key: open } })).toBe(0);
  });
});

describe("releaseThrottle, resetThrottle, pruneThrottleEvents", () => {
  test("release takes back exactly the ticket's events", async () => {
    const k = key();
    await consumeThrottle("test", k, limit);
    const ticket = await consumeThrottle("test", k, limit);
    await releaseThrottle(ticket);
    expect(await db().throttleEvent.count({ where: { bucket: "test", key: k } })).toBe(1);
  });

  test("reset forgets a key", async () => {
    const k = key();
    for (let i = 0; i < 3; i++) await consumeThrottle("test", k, limit);
    await resetThrottle("test", k);
    await consumeThrottle("test", k, limit);
  });

  test("prune deletes only events older than the longest window", async () => {
    const old = key();
    const recent = key();
    await consumeThrottle("test", old, limit);
    await consumeThrottle("test", recent, limit);
    await ageAll("test", old, 86_400 + 60);
    expect(await pruneThrottleEvents()).toBeGreaterThanOrEqual(1);
    expect(await db().throttleEvent.count({ where: { key: old } })).toBe(0);
    expect(await db().throttleEvent.count({ where: { key: recent } })).toBe(1);
  });
});
