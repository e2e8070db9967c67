import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/paths";
import { renewedSessionCookie, sessionCookieName } from "@/lib/auth/session-cookie";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { SECURITY_HEADERS, contentSecurityPolicy, createNonce } from "@/lib/http/security-headers";

/**
 * Runs before every request except build assets (next.config.ts gives those their headers):
 * security headers with a per-request CSP nonce, the requested path for the sign-in redirect, and
 * sliding renewal of the session cookie. Authorization is NOT done here; the guards do it.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const dev = process.env.NODE_ENV === "development";
  const https = process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  if (!decodablePath(pathname)) return malformedUrlResponse(pathname, contentSecurityPolicy({ dev, https }));
  // Any cross-site write is refused here with a 403: Next refuses a cross-site server action itself
  // but by throwing (a bare 500), and a no-JavaScript form post to an action carries no Next-Action
  // header at all. Route handlers check again (lib/http/api.ts).
  if (isCrossSiteWrite(request)) {
    return plainResponse(pathname, 403, "forbidden", "Cross-site request refused.", contentSecurityPolicy({ dev, https }));
  }
  // Files from public/ (favicon.ico, sw.js, icons) are not rendered and carry no nonce.
  const isFile = /\.[a-z0-9]+$/i.test(pathname);
  const policy = isFile
    ? contentSecurityPolicy({ dev, https })
    : contentSecurityPolicy({ nonce: createNonce(), dev, https });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  requestHeaders.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });

  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  await renewSession(request, response);
  return response;
}

/** Next's router throws on a malformed percent-escape and answers a bare 500; refuse it here instead. */
function decodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function malformedUrlResponse(pathname: string, policy: string) {
  return plainResponse(pathname, 400, "bad_request", "Bad request: the URL has a malformed percent-escape.", policy);
}

/** A refusal made here, before any route: JSON under /api/ (docs/API.md's error shape), plain text elsewhere. */
function plainResponse(pathname: string, status: number, code: string, message: string, policy: string) {
  const headers = { ...SECURITY_HEADERS, "Content-Security-Policy": policy, "Cache-Control": "no-store" };
  return pathname.startsWith("/api/")
    ? NextResponse.json({ error: { code, message } }, { status, headers })
    : new NextResponse(message, { status, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
}

/** Only on plain page and API reads: a write may itself set or clear the cookie. */
async function renewSession(request: NextRequest, response: NextResponse) {
  if (request.method !== "GET" || request.nextUrl.pathname.startsWith("/api/auth/")) return;
  const token = request.cookies.get(sessionCookieName())?.value;
  if (!token || !process.env.NEXTAUTH_SECRET) return;
  const renewed = await renewedSessionCookie(token);
  if (renewed) response.cookies.set(renewed.name, renewed.value, renewed.options);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image).*)"],
};
