import "server-only";
import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { passwordResetConfirmSchema, passwordResetRequestSchema } from "@/lib/auth/schemas";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-route";
import { consumeThrottle, resetThrottle } from "@/lib/auth/throttle";
import { ValidationError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { enqueuePasswordReset } from "@/lib/jobs/boss";
import { composeMail } from "@/lib/mail/compose";
import { appBaseUrl } from "@/lib/mail/links";
import { deliver } from "@/lib/mail/transport";
import { parseInput } from "@/lib/validation";
import { admitLinkRequest, newLinkToken, sha256 } from "./emailed-links";
import { revokeAllSessions } from "./users";

/** A link is good for an hour, once. */
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Requests per address: over it, requests are dropped silently (the answer stays 202, so the limit
 * tells nothing about the account); per client IP, over it, 429.
 */
export const RESET_LIMITS = {
  perAddress: { bucket: "reset:address", limit: 3, windowSeconds: 60 * 60 },
  perIp: { bucket: "reset:ip", limit: 20, windowSeconds: 60 * 60 },
  confirmPerIp: { bucket: "reset-confirm:ip", limit: 30, windowSeconds: 60 * 60 },
} as const;

export const RESET_REQUESTED_MESSAGE =
  "If an account uses this address, a link to choose a new password is on its way. It works once, for an hour.";
export const INVALID_RESET_TOKEN = "This reset link is not valid any more: it was used, replaced by a newer one, or is over an hour old. Ask for a new one.";

/**
 * "Forgot password": the same answer and about the same work whether or not the address has an
 * account. Looking the address up, issuing the token and mailing it happen in a job
 * (`issuePasswordReset`), so neither the response nor its timing depends on the account.
 */
export async function requestPasswordReset(input: unknown, headers: Headers): Promise<{ message: string }> {
  const { email } = parseInput(passwordResetRequestSchema, input);
  if (await admitLinkRequest(email, headers, RESET_LIMITS)) await enqueuePasswordReset({ email });
  return { message: RESET_REQUESTED_MESSAGE };
}

/**
 * The password-reset job: for an existing account, replaces any earlier link with a new token
 * (only its SHA-256 is stored) and mails the link. For an unknown address it does nothing.
 */
export async function issuePasswordReset(email: string, now: Date): Promise<"sent" | "no-account"> {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, name: true, email: true, passwordHash: true } });
  if (!user) return "no-account";
  const { token, tokenHash } = newLinkToken();
  await db().$transaction(async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id } });
    await tx.passwordResetToken.create({
      data: {
        userId: user.id,
        tokenHash,
        passwordStamp: sha256(user.passwordHash),
        expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
        createdAt: now,
      },
    });
  });
  const link = `${appBaseUrl()}/reset-password?token=${token}`;
  await deliver(
    composeMail({
      to: user.email,
      subject: "Reset your Retain password",
      paragraphs: [
        `Hello ${user.name},`,
        "Someone (we hope you) asked to reset the password of your Retain account. Choose a new one with the link below; it works once, for one hour.",
        "If you did not ask for this, ignore this email: your password stays as it is.",
      ],
      action: { label: "Choose a new password", url: link },
      footer: ["Resetting your password signs you out on every device."],
    }),
  );
  return "sent";
}

/**
 * Sets a new password with a reset token: 400 (field `token`) when the token is unknown, used,
 * replaced, expired or older than the current password. On success the token is spent, every
 * session of the account ends, and the account's failed sign-ins are forgotten.
 */
export async function confirmPasswordReset(input: unknown, headers: Headers, now: Date): Promise<{ email: string }> {
  const { token, password } = parseInput(passwordResetConfirmSchema, input);
  await consumeThrottle(RESET_LIMITS.confirmPerIp.bucket, clientIp(headers), RESET_LIMITS.confirmPerIp);
  const invalid = () => new ValidationError({ token: [INVALID_RESET_TOKEN] }, INVALID_RESET_TOKEN);

  const row = await db().passwordResetToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { select: { id: true, email: true, passwordHash: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now || row.passwordStamp !== sha256(row.user.passwordHash)) throw invalid();
  const localPart = row.user.email.split("@")[0] ?? "";
  if ([row.user.email, localPart].includes(password.toLowerCase())) {
    throw new ValidationError({ password: ["must not be your email address"] });
  }
  const passwordHash = await hashPassword(password);

  await db().$transaction(async (tx) => {
    // Spending the token is conditional: of two requests racing with one link, one wins.
    const spent = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) throw invalid();
    const changed = await tx.user.updateMany({
      where: { id: row.user.id, passwordHash: row.user.passwordHash },
      data: { passwordHash },
    });
    if (changed.count !== 1) throw invalid();
    await revokeAllSessions(tx, row.user.id);
    await tx.passwordResetToken.deleteMany({ where: { userId: row.user.id, id: { not: row.id } } });
  });
  await resetThrottle(SIGN_IN_LIMITS.perAccount.bucket, row.user.email);
  return { email: row.user.email };
}
