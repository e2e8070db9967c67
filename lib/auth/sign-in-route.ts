import "server-only";
import { clientIp } from "@/lib/http/client-ip";
import { emailSchema } from "./schemas";
import { consumeThrottles, releaseThrottle, resetThrottle, type ThrottleRule } from "./throttle";
import { sessionCookieName } from "./session-cookie";

/** Failed sign-ins allowed per account and per client IP within the window. */
export const SIGN_IN_LIMITS = {
  perAccount: { bucket: "signin:account", limit: 5, windowSeconds: 15 * 60 },
  perIp: { bucket: "signin:ip", limit: 20, windowSeconds: 15 * 60 },
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
 * the per-account and per-IP limits (atomically, so parallel guesses cannot overshoot); a
 * successful sign-in gives its slot back and clears the account's failures, so only failures
 * count. A full window answers 429 with Retry-After before any password is hashed.
 *
 * With `json=true` the answers are JSON: 200 `{url}` on success, 401 `{url, error}` for a wrong
 * email or password (the same for both), 403 `{url, error}` for a missing CSRF token.
 */
export async function credentialsCallback(request: Request, signIn: () => Promise<Response>): Promise<Response> {
  const form = await readForm(request);
  // Only a well-formed address can name an account; anything else counts against the IP alone.
  const parsedEmail = emailSchema.safeParse(form.email);
  const email = parsedEmail.success ? parsedEmail.data : undefined;
  const rules: ThrottleRule[] = [{ ...SIGN_IN_LIMITS.perIp, key: clientIp(request.headers) }];
  if (email) rules.push({ ...SIGN_IN_LIMITS.perAccount, key: email });

  const ticket = await consumeThrottles(rules);
  const response = await signIn();

  const name = sessionCookieName();
  const signedIn = response.headers
    .getSetCookie()
    .some((cookie) => (cookie.startsWith(`${name}=`) || cookie.startsWith(`${name}.`)) && !/^[^=]+=;/.test(cookie));
  if (signedIn) {
    await releaseThrottle(ticket);
    if (email) await resetThrottle(SIGN_IN_LIMITS.perAccount.bucket, email);
    return response;
  }
  return form.json === "true" ? explainFailure(response) : response;
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
  if (url.searchParams.get("csrf") === "true") {
    const error = { code: "csrf", message: "Missing or stale CSRF token: GET /api/auth/csrf and send its token." };
    return Response.json({ url: body.url, error }, { status: 403, headers });
  }
  return response;
}
