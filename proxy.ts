import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/paths";
import { renewedSessionCookie, sessionCookieName } from "@/lib/auth/session-cookie";
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
  const headers = { ...SECURITY_HEADERS, "Content-Security-Policy": policy, "Cache-Control": "no-store" };
  const message = "Bad request: the URL has a malformed percent-escape.";
  return pathname.startsWith("/api/")
    ? NextResponse.json({ error: { code: "bad_request", message } }, { status: 400, headers })
    : new NextResponse(message, { status: 400, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
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
