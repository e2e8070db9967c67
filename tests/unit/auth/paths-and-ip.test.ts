import { describe, expect, test } from "vitest";
import { safeCallbackPath } from "@/lib/auth/paths";
import { clientIp } from "@/lib/http/client-ip";

describe("safeCallbackPath", () => {
  test("keeps same-site paths with their query and fragment", () => {
    expect(safeCallbackPath("/courses/bio?tab=stats#top")).toBe("/courses/bio?tab=stats#top");
    expect(safeCallbackPath("/")).toBe("/");
  });

  test.each([
    undefined,
    null,
    "",
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "courses",
  ])("turns %j into /", (candidate) => {
    expect(safeCallbackPath(candidate)).toBe("/");
  });
});

describe("clientIp", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  test("first hop of X-Forwarded-For, trimmed", () => {
    expect(clientIp(headers({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" }))).toBe("203.0.113.7");
  });

  test("IPv4-mapped IPv6 is the IPv4 address; IPv6 is lower-cased", () => {
    expect(clientIp(headers({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIp(headers({ "x-forwarded-for": "2001:DB8::1" }))).toBe("2001:db8::1");
  });

  test("X-Real-IP, then 'unknown', when there is no X-Forwarded-For", () => {
    expect(clientIp(headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIp(headers({}))).toBe("unknown");
  });

  test("a huge header cannot make a huge key", () => {
    expect(clientIp(headers({ "x-forwarded-for": "a".repeat(1000) })).length).toBe(64);
  });
});
