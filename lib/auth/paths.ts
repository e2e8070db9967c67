/** Set by proxy.ts on every request it handles: the path and query the browser asked for. */
export const REQUEST_PATH_HEADER = "x-retain-path";

const PLACEHOLDER_ORIGIN = "http://retain.invalid";

/**
 * A same-site path to return to after signing in; anything else (absolute URLs, `//host`, `/\host`,
 * control characters browsers would strip) becomes "/", so a crafted link cannot bounce a user to
 * another site.
 */
export function safeCallbackPath(candidate: string | null | undefined): string {
  if (!candidate || !candidate.startsWith("/") || /[\u0000-\u001f\\]/.test(candidate)) return "/";
  try {
    const url = new URL(candidate, PLACEHOLDER_ORIGIN);
    if (url.origin !== PLACEHOLDER_ORIGIN) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

/** Where a signed-in user starts: students at their study dashboard, instructors and admins at their classes. */
export function homePathFor(role: "student" | "instructor" | "admin"): "/dashboard" | "/teach" {
  return role === "student" ? "/dashboard" : "/teach";
}
