/**
 * Security headers for every response. Pages get a Content-Security-Policy with a fresh nonce from
 * proxy.ts (Next reads the nonce back from the request's CSP header and puts it on its own
 * scripts); files served as they are (build assets, public/ files, favicon) get a fixed policy from
 * next.config.ts or the proxy. No imports: next.config.ts and the proxy both load this.
 */

/** Sent with every response, whatever produced it. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};

type PolicyOptions = { nonce?: string; dev?: boolean; https?: boolean };

/**
 * `style-src 'unsafe-inline'`: React's `style={...}` attributes cannot carry a nonce, and inline
 * styles cannot run code. Scripts are the strict part: only nonce-bearing scripts and what they load.
 * Development adds 'unsafe-eval' (React's dev tooling reconstructs server stacks with eval).
 */
export function contentSecurityPolicy({ nonce, dev = false, https = false }: PolicyOptions = {}): string {
  const scriptSrc = nonce ? ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"] : ["'self'"];
  if (dev) scriptSrc.push("'unsafe-eval'");
  const directives = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  // Only over https: on http://localhost it would send the browser to an https port nobody serves.
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** A fresh, unguessable nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
