import "server-only";
import { db } from "@/lib/db/client";
import { emailVerificationConfirmSchema, emailVerificationRequestSchema } from "@/lib/auth/schemas";
import { consumeThrottle } from "@/lib/auth/throttle";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { enqueueEmailVerification } from "@/lib/jobs/boss";
import { composeMail } from "@/lib/mail/compose";
import { appBaseUrl } from "@/lib/mail/links";
import { deliver } from "@/lib/mail/transport";
import { parseInput } from "@/lib/validation";
import { admitLinkRequest, newLinkToken, sha256 } from "./emailed-links";

/**
 * Optional email verification (EMAIL_VERIFICATION=required, off by default): a self sign-up must open
 * the link mailed to it before it can sign in. Accounts made any other way (user:create, demo data,
 * accounts older than the setting) count as verified.
 */
export const emailVerificationRequired = () => env().EMAIL_VERIFICATION === "required";

/** A confirmation link is good for 48 hours, once. */
export const VERIFY_TOKEN_TTL_MS = 48 * 60 * 60 * 1000;

/** Like password reset: per address over the limit, dropped silently (202 stays); per client IP, 429. */
export const VERIFY_LIMITS = {
  perAddress: { bucket: "verify:address", limit: 3, windowSeconds: 60 * 60 },
  perIp: { bucket: "verify:ip", limit: 20, windowSeconds: 60 * 60 },
  confirmPerIp: { bucket: "verify-confirm:ip", limit: 30, windowSeconds: 60 * 60 },
} as const;

export const VERIFICATION_SENT_MESSAGE =
  "If an account with this address is waiting for confirmation, a new link is on its way. It works once, for 48 hours.";
export const INVALID_VERIFY_TOKEN =
  "This confirmation link is not valid any more: it was used, replaced by a newer one, or is over 48 hours old. Ask for a new one.";

/** After sign-up (the caller checked the setting): the mail goes out from the job queue. */
export async function startEmailVerification(email: string): Promise<void> {
  await enqueueEmailVerification({ email });
}

/** "Send the link again": the same answer whether or not the address has an account waiting. */
export async function requestVerificationMail(input: unknown, headers: Headers): Promise<{ message: string }> {
  const { email } = parseInput(emailVerificationRequestSchema, input);
  if ((await admitLinkRequest(email, headers, VERIFY_LIMITS)) && emailVerificationRequired()) {
    await enqueueEmailVerification({ email });
  }
  return { message: VERIFICATION_SENT_MESSAGE };
}

/**
 * The verification job: for an account still unconfirmed, replaces any earlier link with a new token
 * (only its SHA-256 is stored) and mails the link. Unknown or confirmed addresses get nothing.
 */
export async function issueEmailVerification(email: string, now: Date): Promise<"sent" | "no-account" | "already-verified"> {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
  if (!user) return "no-account";
  if (user.emailVerifiedAt) return "already-verified";
  const { token, tokenHash } = newLinkToken();
  await db().$transaction(async (tx) => {
    await tx.emailVerificationToken.deleteMany({ where: { userId: user.id } });
    await tx.emailVerificationToken.create({
      data: { userId: user.id, tokenHash, expiresAt: new Date(now.getTime() + VERIFY_TOKEN_TTL_MS), createdAt: now },
    });
  });
  const link = `${appBaseUrl()}/verify-email?token=${token}`;
  await deliver(
    composeMail({
      to: user.email,
      subject: "Confirm your email address for Retain",
      paragraphs: [
        `Hello ${user.name},`,
        "Welcome to Retain. Confirm that this address is yours with the link below; it works once, for 48 hours. Then sign in.",
        "If you did not sign up for Retain, ignore this email: the account stays unusable without it.",
      ],
      action: { label: "Confirm my address", url: link },
    }),
  );
  return "sent";
}

/**
 * Confirms an address with its token: 400 (field `token`) when the token is unknown, used, replaced
 * or expired. On success the token is spent and the account can sign in.
 */
export async function confirmEmailVerification(input: unknown, headers: Headers, now: Date): Promise<{ email: string }> {
  const { token } = parseInput(emailVerificationConfirmSchema, input);
  await consumeThrottle(VERIFY_LIMITS.confirmPerIp.bucket, clientIp(headers), VERIFY_LIMITS.confirmPerIp);
  const invalid = () => new ValidationError({ token: [INVALID_VERIFY_TOKEN] }, INVALID_VERIFY_TOKEN);

  const row = await db().emailVerificationToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { select: { id: true, email: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now) throw invalid();
  await db().$transaction(async (tx) => {
    // Spending the token is conditional: of two requests racing with one link, one wins.
    const spent = await tx.emailVerificationToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) throw invalid();
    await tx.user.updateMany({ where: { id: row.user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
  });
  return { email: row.user.email };
}
