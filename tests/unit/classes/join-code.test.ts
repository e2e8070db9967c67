import { describe, expect, test } from "vitest";
import { formatJoinCode, generateJoinCode, JOIN_CODE_BITS, JOIN_CODE_ALPHABET, joinPath, normalizeJoinCode } from "@/lib/classes/join-code";

describe("join codes", () => {
  test("10 Crockford base32 symbols: 50 bits, no I L O U", () => {
    expect(JOIN_CODE_BITS).toBeGreaterThanOrEqual(40);
    expect(JOIN_CODE_ALPHABET).toHaveLength(32);
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    for (let index = 0; index < 200; index += 1) expect(generateJoinCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  test("uniform enough and never repeating in a large sample", () => {
    const codes = Array.from({ length: 20_000 }, generateJoinCode);
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const code of codes) for (const symbol of code) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    const expected = (codes.length * 10) / 32;
    for (const symbol of JOIN_CODE_ALPHABET) expect(Math.abs((counts.get(symbol) ?? 0) - expected) / expected).toBeLessThan(0.1);
  });

  test("shown grouped; typed input is forgiving", () => {
    expect(formatJoinCode("7KQ4M2XD9P")).toBe("7KQ4-M2XD-9P");
    expect(joinPath("7KQ4M2XD9P")).toBe("/join/7KQ4-M2XD-9P");
    for (const typed of ["7KQ4-M2XD-9P", "7kq4m2xd9p", " 7kq4 m2xd 9p ", "7KQ4–M2XD–9P", "7KQ4_M2XD.9P"]) {
      expect(normalizeJoinCode(typed)).toBe("7KQ4M2XD9P");
    }
    expect(normalizeJoinCode("OIL0-1111-11")).toBe("0110111111");
    for (const bad of ["", "7KQ4-M2XD", "7KQ4-M2XD-9PX", "7KQ4-M2XD-9U", "7KQ4;M2XD;9P", "x".repeat(100)]) {
      expect(normalizeJoinCode(bad)).toBeNull();
    }
  });
});
