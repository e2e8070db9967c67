import { describe, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import { registerAndSignIn } from "@/tests/support/session";

const EXPECTED = {
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

function expectSecurityHeaders(response: Response, what: string) {
  for (const [name, value] of Object.entries(EXPECTED))
    expect(response.headers.get(name), `${what}: ${name}`).toBe(value);
  const csp = response.headers.get("content-security-policy");
  expect(csp, `${what}: CSP`).toBeTruthy();
  for (const directive of ["frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"]) {
    expect(csp, `${what}: ${directive}`).toContain(directive);
  }
  expect(csp, `${what}: no unsafe-eval in production`).not.toContain("unsafe-eval");
  expect(response.headers.get("x-powered-by")).toBeNull();
  return csp!;
}

function nonceOf(csp: string): string {
  const match = /'nonce-([^']+)'/.exec(csp);
  expect(match, "CSP has a nonce").not.toBeNull();
  return match![1]!;
}

describe("security headers", () => {
  test("pages: a fresh nonce per response, on every script Next renders, and strict-dynamic", async () => {
    const first = await fetch(`${baseUrl}/signin`);
    const csp = expectSecurityHeaders(first, "/signin");
    expect(csp).toContain("'strict-dynamic'");
    const nonce = nonceOf(csp);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

    const second = await fetch(`${baseUrl}/signin`);
    expect(nonceOf(second.headers.get("content-security-policy")!)).not.toBe(nonce);
  });

  test("the home page, a 404 page and a signed-in page carry them too", async () => {
    expectSecurityHeaders(await fetch(`${baseUrl}/`), "/");
    const missing = await fetch(`${baseUrl}/no-such-page`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, "404");
    const client = await registerAndSignIn(baseUrl);
    expectSecurityHeaders(await client.fetch("/account"), "/account");
  });

  test("JSON API responses, including errors", async () => {
    expectSecurityHeaders(await fetch(`${baseUrl}/api/health`), "/api/health");
    expectSecurityHeaders(await fetch(`${baseUrl}/api/me`), "/api/me 401");
    expectSecurityHeaders(await fetch(`${baseUrl}/api/auth/csrf`), "/api/auth/csrf");
  });

  test("static build assets", async () => {
    const html = await (await fetch(`${baseUrl}/signin`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets.some((asset) => asset.endsWith(".js"))).toBe(true);
    expect(assets.some((asset) => asset.endsWith(".css"))).toBe(true);
    for (const asset of [assets.find((a) => a.endsWith(".js"))!, assets.find((a) => a.endsWith(".css"))!]) {
      const response = await fetch(`${baseUrl}${asset}`);
      expect(response.status, asset).toBe(200);
      expectSecurityHeaders(response, asset);
    }
  });

  test("files outside the build (favicon and friends) get a policy without a nonce", async () => {
    const response = await fetch(`${baseUrl}/favicon.ico`);
    const csp = expectSecurityHeaders(response, "/favicon.ico");
    expect(csp).not.toContain("nonce-");
  });
});
