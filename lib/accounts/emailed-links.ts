import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { consumeThrottle, type ThrottleRule } from "@/lib/auth/throttle";
import { TooManyRequestsError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";

/**
 * What the emailed single-use links (password reset, address confirmation) share: a random token
 * that only its SHA-256 is stored of, and request throttling that tells nothing about the account.
 */
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A new link token and the hash to store for it. */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: sha256(token) };
}

type Limit = Omit<ThrottleRule, "key">;

/**
 * Counts a "mail me a link" request: over the per-IP limit it throws 429; over the per-address
 * limit it answers false (drop silently: the reply stays the same, so the limit reveals nothing).
 */
export async function admitLinkRequest(email: string, headers: Headers, limits: { perIp: Limit; perAddress: Limit }): Promise<boolean> {
  await consumeThrottle(limits.perIp.bucket, clientIp(headers), limits.perIp);
  try {
    await consumeThrottle(limits.perAddress.bucket, email, limits.perAddress);
    return true;
  } catch (error) {
    if (error instanceof TooManyRequestsError) return false;
    throw error;
  }
}
