/**
 * Browser side of signing in through next-auth's own endpoints: fetch a CSRF token, post the
 * credentials with `json=true`, and read Retain's JSON answer (lib/auth/sign-in-route.ts). Used by
 * the sign-in page; no server imports.
 */
import { safeCallbackPath } from "./paths";

export type SignInOutcome =
  { ok: true; path: string } | { ok: false; status: number; message: string; code?: string; retryAfterSeconds?: number };

export async function signInWithPassword(input: {
  email: string;
  password: string;
  callbackUrl: string;
}): Promise<SignInOutcome> {
  try {
    const csrf = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken?: string };
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrfToken: csrf.csrfToken ?? "",
        email: input.email,
        password: input.password,
        callbackUrl: safeCallbackPath(input.callbackUrl),
        json: "true",
      }),
    });
    const body = (await response.json().catch(() => null)) as { url?: string; error?: { message?: string; code?: string } } | null;
    if (response.ok && body?.url && !new URL(body.url, window.location.href).searchParams.has("error")) {
      const url = new URL(body.url, window.location.href);
      return {
        ok: true,
        path: url.origin === window.location.origin ? safeCallbackPath(`${url.pathname}${url.search}`) : "/",
      };
    }
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      ok: false,
      status: response.status,
      message: body?.error?.message ?? "Signing in failed. Try again.",
      ...(body?.error?.code ? { code: body.error.code } : {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  } catch {
    return { ok: false, status: 0, message: "Could not reach Retain. Check your connection and try again." };
  }
}

/** "in 3 minutes" / "in 40 seconds", for a throttled attempt. */
export function describeWait(seconds: number): string {
  if (seconds >= 90) return `in ${Math.ceil(seconds / 60)} minutes`;
  return `in ${seconds} seconds`;
}
