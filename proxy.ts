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
