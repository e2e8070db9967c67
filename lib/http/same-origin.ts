import { isFromTrustedProxy } from "./client-ip";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Browsers send `Origin` on cross-site requests: a state-changing request whose origin (scheme,
 * host and port) is not this app's is a forgery (CSRF), refused on top of the SameSite=Lax session
 * cookie. A request without `Origin` is not a browser's cross-site request and passes.
 *
 * This app's origin is the public URL (`NEXTAUTH_URL`) or the request's own `Host` over http
 * (`next start` speaks plain http). `X-Forwarded-Host` and `X-Forwarded-Proto` describe the
 * browser's view only when a proxy named in TRUSTED_PROXIES wrote them; from anyone else they are
 * the attacker's words and are ignored. Used by proxy.ts and lib/http/api.ts.
 */
export function isCrossSiteWrite(request: Request): boolean {
  if (!STATE_CHANGING.has(request.method)) return false;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  let given: string;
  try {
    given = new URL(origin).origin;
  } catch {
    return true;
  }
  return !allowedOrigins(request.headers).has(given);
}

function allowedOrigins(headers: Headers): Set<string> {
  const allowed = new Set<string>();
  const publicUrl = process.env.NEXTAUTH_URL;
  if (publicUrl && URL.canParse(publicUrl)) allowed.add(new URL(publicUrl).origin);
  const viaProxy = isFromTrustedProxy(headers);
  const host = (viaProxy && firstValue(headers.get("x-forwarded-host"))) || headers.get("host");
  const scheme = (viaProxy && firstValue(headers.get("x-forwarded-proto"))) || "http";
  if (host && /^https?$/.test(scheme) && URL.canParse(`${scheme}://${host}`)) allowed.add(new URL(`${scheme}://${host}`).origin);
  return allowed;
}

function firstValue(header: string | null): string | undefined {
  return header?.split(",")[0]?.trim() || undefined;
}
