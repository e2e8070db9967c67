const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Browsers send `Origin` on cross-site requests: a state-changing request whose origin is not this
 * host is a forgery (CSRF), refused on top of the SameSite=Lax session cookie. A request without
 * `Origin` is not a browser's cross-site request and passes. No dependencies: proxy.ts uses it too.
 */
export function isCrossSiteWrite(request: Request): boolean {
  if (!STATE_CHANGING.has(request.method)) return false;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
