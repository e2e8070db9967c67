import { describe, expect, test } from "vitest";
import { SECURITY_HEADERS, contentSecurityPolicy, createNonce } from "@/lib/http/security-headers";

describe("contentSecurityPolicy", () => {
  test("with a nonce: strict-dynamic scripts, no eval, the framing and form rules", () => {
    const policy = contentSecurityPolicy({ nonce: "abc" });
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-eval");
    for (const directive of [
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
      "default-src 'self'",
    ]) {
      expect(policy).toContain(directive);
    }
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  test("development adds unsafe-eval; https adds upgrade-insecure-requests", () => {
    expect(contentSecurityPolicy({ nonce: "n", dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ https: true })).toContain("upgrade-insecure-requests");
  });

  test("without a nonce scripts are same-origin only", () => {
    expect(contentSecurityPolicy()).toContain("script-src 'self';");
  });

  test("nonces are 128-bit base64 and differ every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  test("the fixed headers", () => {
    expect(SECURITY_HEADERS).toEqual({
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
    });
  });
});
