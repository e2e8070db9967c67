import "server-only";
import type { PublicUser } from "@/lib/contracts";
import { registerUser } from "./users";
import { clientIp } from "@/lib/http/client-ip";
import { parseInput } from "@/lib/validation";
import { signUpSchema } from "@/lib/auth/schemas";
import { consumeThrottle } from "@/lib/auth/throttle";
import { emailVerificationRequired, startEmailVerification } from "./email-verification";

/** Sign-ups allowed per client IP: enough for a classroom behind one NAT, not for bulk account creation. */
export const SIGN_UP_LIMIT = { limit: 60, windowSeconds: 60 * 60 } as const;
export const SIGN_UP_BUCKET = "signup:ip";

/**
 * Sign-up for both the page and the API: validates first (a typo costs no attempt), then counts the
 * attempt against the IP, then creates the student. An email already registered is a 409, which
 * does reveal that the account exists; the per-IP limit is what keeps that from being mined. With
 * EMAIL_VERIFICATION=required the confirmation mail is queued and `verificationRequired` is true:
 * the caller must not sign the new account in.
 */
export async function registerWithThrottle(
  input: unknown,
  headers: Headers,
): Promise<PublicUser & { sessionVersion: number; verificationRequired: boolean }> {
  const parsed = parseInput(signUpSchema, input);
  await consumeThrottle(SIGN_UP_BUCKET, clientIp(headers), SIGN_UP_LIMIT);
  const user = await registerUser(parsed);
  const verificationRequired = emailVerificationRequired();
  if (verificationRequired) await startEmailVerification(user.email);
  return { ...user, verificationRequired };
}
