import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** The app's public base URL, for links in mail (no trailing slash). */
export function appBaseUrl(): string {
  const configured = env().NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return configured.replace(/\/+$/, "");
}

/**
 * Unsubscribe links carry the user id and an HMAC of it under the app secret: no row to look up,
 * no expiry (an old mail's link keeps working), and nobody can forge one for another account.
 */
function unsubscribeSignature(userId: string): string {
  return createHmac("sha256", env().NEXTAUTH_SECRET).update(`retain-unsubscribe:reminders:${userId}`).digest("base64url");
}

export function unsubscribeToken(userId: string): string {
  return unsubscribeSignature(userId);
}

export function isValidUnsubscribeToken(userId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeSignature(userId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The one-click (RFC 8058) target: POST unsubscribes, GET shows a confirmation page. */
export function unsubscribeUrls(userId: string): { oneClick: string; page: string } {
  const query = new URLSearchParams({ u: userId, t: unsubscribeToken(userId) }).toString();
  const base = appBaseUrl();
  return { oneClick: `${base}/api/unsubscribe?${query}`, page: `${base}/unsubscribe?${query}` };
}
