import "server-only";
import { clientIp } from "@/lib/http/client-ip";
import { EMAIL_NOT_VERIFIED, EMAIL_NOT_VERIFIED_MESSAGE } from "./credentials";
import { deviceCookieFrom, deviceCookieHeader, trustedDeviceId } from "./device-cookie";
import { emailSchema } from "./schemas";
import { consumeThrottles, GROWING_DELAY, releaseThrottle, resetThrottle, type ThrottleRule } from "./throttle";
import { sessionCookieName } from "./session-cookie";

/**
 * Failed sign-ins allowed before delays start (OWASP's guidance against online guessing without
 * lockout). A browser holding a device cookie for the account (it signed in to it before) has an
 * allowance of its own and is not counted against the account or its address, so guesses from
 * elsewhere can never slow the owner's own phone. Unknown devices share the account's allowance
 * (kept for a day, so delays keep growing) and their address's.
 */
export const SIGN_IN_LIMITS = {
  perAccount: { bucket: "signin:account", limit: 5, windowSeconds: 24 * 60 * 60, backoff: GROWING_DELAY },
  perIp: { bucket: "signin:ip", limit: 20, windowSeconds: 15 * 60, backoff: GROWING_DELAY },
  perDevice: { bucket: "signin:device", limit: 10, windowSeconds: 24 * 60 * 60, backoff: GROWING_DELAY },
} as const;

export const INVALID_CREDENTIALS_MESSAGE = "Email or password is incorrect.";

async function readForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body: unknown = await request.clone().json();
      return body && typeof body === "object"
        ? Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]))
        : {};
    }
    if (type.includes("application/x-www-form-urlencoded")) {
      return Object.fromEntries(new URLSearchParams(await request.clone().text()));
    }
  } catch {
    // An unreadable body fails next-auth's own checks; it still counts as an attempt below.
  }
  return {};
}

/**
 * Wraps next-auth's `POST /api/auth/callback/credentials`. Every attempt first takes a slot under
 * the device's limit, or the per-account and per-IP limits for an unknown device (atomically, so
 * parallel guesses cannot overshoot); a
 * successful sign-in gives its slot back and clears the account's failures, so only failures
 * count. A full window answers 429 with Retry-After before any password is hashed.
 *
 * With `json=true` the answers are JSON: 200 `{url}` on success, 401 `{url, error}` for a wrong
 * email or password (the same for both), 403 `{url, error}` for a missing CSRF token or, with the right
 * password, an address not confirmed yet (`error.code` "email_not_verified").
 */
export async function credentialsCallback(request: Request, signIn: () => Promise<Response>): Promise<Response> {
  const form = await readForm(request);
  // Only a well-formed address can name an account; anything else counts against the IP alone.
  const parsedEmail = emailSchema.safeParse(form.email);
  const email = parsedEmail.success ? parsedEmail.data : undefined;
  const device = email ? trustedDeviceId(deviceCookieFrom(request.headers), email) : null;
  const rules: ThrottleRule[] = device
    ? [{ ...SIGN_IN_LIMITS.perDevice, key: device }]
    : [{ ...SIGN_IN_LIMITS.perIp, key: clientIp(request.headers) }];
  if (email && !device) rules.push({ ...SIGN_IN_LIMITS.perAccount, key: email });

  const ticket = await consumeThrottles(rules);
  const response = await signIn();

  const name = sessionCookieName();
  const signedIn = response.headers
    .getSetCookie()
    .some((cookie) => (cookie.startsWith(`${name}=`) || cookie.startsWith(`${name}.`)) && !/^[^=]+=;/.test(cookie));
  if (signedIn) {
    await releaseThrottle(ticket);
    if (email) {
      await resetThrottle(SIGN_IN_LIMITS.perAccount.bucket, email);
      if (device) await resetThrottle(SIGN_IN_LIMITS.perDevice.bucket, device);
      // From now on this browser is a known device for the account.
      else return withHeader(response, "Set-Cookie", deviceCookieHeader(email));
    }
    return response;
  }
  return form.json === "true" ? explainFailure(response) : response;
}

function withHeader(response: Response, name: string, value: string): Response {
  const headers = new Headers(response.headers);
  headers.append(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** next-auth answers a JSON failure with 200 or 401 and only a redirect URL; say what went wrong. */
async function explainFailure(response: Response): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  if (typeof body?.url !== "string") return response;
  const url = new URL(body.url, "http://placeholder.invalid");
  const headers = new Headers(response.headers);
  headers.set("Cache-Control", "no-store");
  headers.delete("Content-Length");
  if (url.searchParams.get("error") === "CredentialsSignin") {
    const error = { code: "invalid_credentials", message: INVALID_CREDENTIALS_MESSAGE };
    return Response.json({ url: body.url, error }, { status: 401, headers });
  }
  if (url.searchParams.get("error") === EMAIL_NOT_VERIFIED) {
    const error = { code: "email_not_verified", message: EMAIL_NOT_VERIFIED_MESSAGE };
    return Response.json({ url: body.url, error }, { status: 403, headers });
  }
  if (url.searchParams.get("csrf") === "true") {
    const error = { code: "csrf", message: "Missing or stale CSRF token: GET /api/auth/csrf and send its token." };
    return Response.json({ url: body.url, error }, { status: 403, headers });
  }
  return response;
}
