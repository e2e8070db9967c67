import { describe, expect, test } from "vitest";
import { safeCallbackPath } from "@/lib/auth/paths";
import { parseEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { parseTrustedProxies, resolveClientAddress } from "@/lib/net/trusted-proxies";

const BASE_ENV = { DATABASE_URL: "postgresql://u@localhost/db", NEXTAUTH_SECRET: "x".repeat(32) };

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
    // Dot segments that resolve to "//host" (the probe's open redirect).
    "/.//evil.example/",
    "/%2e//evil.example/",
    "/..//evil.example/",
    "/a/..//evil.example/",
  ])("turns %j into /", (candidate) => {
    expect(safeCallbackPath(candidate)).toBe("/");
  });
});

describe("client address (TRUSTED_PROXIES)", () => {
  const trust = (raw: string) => {
    const parsed = parseTrustedProxies(raw);
    if ("error" in parsed) throw new Error(parsed.error);
    return parsed;
  };

  test("no trusted proxies: the TCP peer, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.7", "1.2.3.4", trust(""))).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:127.0.0.1", "1.2.3.4, 5.6.7.8", trust(""))).toBe("127.0.0.1");
  });

  test("a trusted list: walk back from the peer past trusted addresses; a client's own prefix is ignored", () => {
    const proxies = trust("10.0.0.0/8, 192.0.2.7, ::1");
    // nginx with $proxy_add_x_forwarded_for: the client wrote "6.6.6.6", the proxy appended what it saw.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.9", proxies)).toBe("198.51.100.9");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.9, 192.0.2.7", proxies)).toBe("198.51.100.9");
    expect(resolveClientAddress("::1", "2001:DB8::1", proxies)).toBe("2001:db8::1");
    // An untrusted peer's header is not read at all.
    expect(resolveClientAddress("198.51.100.20", "10.0.0.9", proxies)).toBe("198.51.100.20");
    // Garbage in the header ends the walk at the last address a proxy could have written.
    expect(resolveClientAddress("10.0.0.2", "not-an-ip", proxies)).toBe("10.0.0.2");
  });

  test("a hop count: that many hops back from the peer", () => {
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.9", trust("1"))).toBe("198.51.100.9");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.9", trust("2"))).toBe("6.6.6.6");
    expect(resolveClientAddress("10.0.0.2", null, trust("1"))).toBe("10.0.0.2");
  });

  test("malformed settings are refused with a reason (lib/env.ts stops the app with it)", () => {
    for (const bad of ["0", "11", "10.0.0.0/33", "example.com", "10.0.0.1/8/2", "::1/129"]) {
      expect(parseTrustedProxies(bad)).toHaveProperty("error");
    }
    expect(() => parseEnv({ ...BASE_ENV, TRUSTED_PROXIES: "nope" })).toThrow(/TRUSTED_PROXIES/);
    expect(parseEnv({ ...BASE_ENV, TRUSTED_PROXIES: "127.0.0.1, ::1" }).TRUSTED_PROXIES).toBe("127.0.0.1, ::1");
  });

  test("clientIp: a huge header cannot make a huge key", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "a".repeat(1000) })).length).toBeLessThanOrEqual(64);
  });
});
