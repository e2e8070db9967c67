/**
 * Optional email verification with EMAIL_VERIFICATION=required, below HTTP: sign-up queues the mail in
 * the real job queue (pg-boss in this file's database), a real SMTP server in this process receives it,
 * and the link's token confirms the address.
 */
import { startTestSmtpServer } from "@/tests/support/smtp";

const smtp = await startTestSmtpServer();
process.env.SMTP_URL = smtp.url;
process.env.MAIL_FROM = "Retain <retain@example.test>";
process.env.NEXTAUTH_URL = "https://retain.example.test";
process.env.EMAIL_VERIFICATION = "required";

const { afterAll, beforeAll, describe, expect, test } = await import("vitest");
const { confirmEmailVerification, requestVerificationMail, VERIFICATION_SENT_MESSAGE, VERIFY_LIMITS } = await import(
  "@/lib/accounts/email-verification"
);
const { registerWithThrottle } = await import("@/lib/accounts/register");
const { provisionUser } = await import("@/lib/accounts/users");
const { EMAIL_NOT_VERIFIED, EMAIL_NOT_VERIFIED_MESSAGE, verifyCredentials } = await import("@/lib/auth/credentials");
const { credentialsCallback } = await import("@/lib/auth/sign-in-route");
const { ValidationError } = await import("@/lib/errors");
const { db } = await import("@/lib/db/client");
const { stopJobSender } = await import("@/lib/jobs/boss");
const { QUEUES } = await import("@/lib/jobs/queues");
const { startWorker } = await import("@/lib/worker/worker");
const { waitForQueueIdle } = await import("./support");

let worker: Awaited<ReturnType<typeof startWorker>>;
let ipCounter = 0;
const client = () => new Headers({ "x-forwarded-for": `10.17.0.${++ipCounter}` });
const password = "correct horse battery";

async function signUp() {
  const email = `verify-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const from = smtp.messages.length;
  const user = await registerWithThrottle({ name: "Vera Verify", email, password }, client());
  return { ...user, from };
}

async function linkIn(email: string, from: number): Promise<string> {
  const mail = await smtp.waitFor((message) => message.to === email, { from });
  expect(mail.subject).toBe("Confirm your email address for Retain");
  const link = /https:\/\/retain\.example\.test\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  expect(link, mail.text).not.toBeNull();
  expect(mail.html).toContain(`href="https://retain.example.test/verify-email?token=${link![1]}"`);
  return link![1]!;
}

beforeAll(async () => {
  worker = await startWorker({ schedule: false, pollingIntervalSeconds: 0.5, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await stopJobSender();
  await smtp.stop();
});

describe("email verification (EMAIL_VERIFICATION=required)", () => {
  test("sign-up mails a link; sign-in is refused until it is opened; the link works once", async () => {
    const user = await signUp();
    expect(user.verificationRequired).toBe(true);
    const token = await linkIn(user.email, user.from);

    // Right password, unconfirmed address: refused with the reason. A wrong password says nothing more.
    await expect(verifyCredentials({ email: user.email, password })).rejects.toThrow(EMAIL_NOT_VERIFIED);
    expect(await verifyCredentials({ email: user.email, password: "not the password" })).toBeNull();

    // Only the hash is stored, valid 48 hours.
    const stored = await db().emailVerificationToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(48 * 3_600_000);

    expect(await confirmEmailVerification({ token }, client(), new Date())).toEqual({ email: user.email });
    expect(await verifyCredentials({ email: user.email, password })).toMatchObject({ id: user.id, email: user.email });

    const second = confirmEmailVerification({ token }, client(), new Date());
    await expect(second).rejects.toBeInstanceOf(ValidationError);
    await expect(second).rejects.toMatchObject({ status: 400, fields: { token: [expect.stringContaining("not valid")] } });
  });

  test("the sign-in endpoint answers 403 email_not_verified with the message", async () => {
    // next-auth 4's own answer to a throwing authorize with json=true (core/routes/callback.js), as credentialsCallback receives it.
    const nextAuthAnswer = async () =>
      Response.json({ url: `https://retain.example.test/api/auth/error?error=${EMAIL_NOT_VERIFIED}` }, { status: 401 });
    const request = new Request("https://retain.example.test/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "10.17.1.1" },
      body: new URLSearchParams({ email: "someone@example.test", password, json: "true" }),
    });
    const response = await credentialsCallback(request, nextAuthAnswer);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "email_not_verified", message: EMAIL_NOT_VERIFIED_MESSAGE } });
  });

  test("resend: a new link replaces the old; the same answer, and no mail, for unknown or confirmed addresses", async () => {
    const user = await signUp();
    const first = await linkIn(user.email, user.from);
    const from = smtp.messages.length;
    expect(await requestVerificationMail({ email: user.email }, client())).toEqual({ message: VERIFICATION_SENT_MESSAGE });
    const second = await linkIn(user.email, from);
    await expect(confirmEmailVerification({ token: first }, client(), new Date())).rejects.toBeInstanceOf(ValidationError);
    await confirmEmailVerification({ token: second }, client(), new Date());

    const nobody = `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const before = smtp.messages.length;
    expect(await requestVerificationMail({ email: nobody }, client())).toEqual({ message: VERIFICATION_SENT_MESSAGE });
    expect(await requestVerificationMail({ email: user.email }, client())).toEqual({ message: VERIFICATION_SENT_MESSAGE });
    await waitForQueueIdle(QUEUES.emailVerification.name);
    expect(smtp.messages.slice(before).filter((message) => [nobody, user.email].includes(message.to))).toEqual([]);
  });

  test("a link is good for 48 hours; resend is throttled per address silently", async () => {
    const user = await signUp();
    const token = await linkIn(user.email, user.from);
    const late = new Date(Date.now() + 49 * 3_600_000);
    await expect(confirmEmailVerification({ token }, client(), late)).rejects.toBeInstanceOf(ValidationError);
    await confirmEmailVerification({ token }, client(), new Date(Date.now() + 47 * 3_600_000));

    const waiting = await signUp();
    await linkIn(waiting.email, waiting.from);
    const from = smtp.messages.length;
    const headers = client();
    for (let i = 0; i < VERIFY_LIMITS.perAddress.limit + 2; i += 1) {
      expect((await requestVerificationMail({ email: waiting.email }, headers)).message).toBe(VERIFICATION_SENT_MESSAGE);
    }
    await waitForQueueIdle(QUEUES.emailVerification.name);
    expect(smtp.messages.slice(from).filter((message) => message.to === waiting.email)).toHaveLength(VERIFY_LIMITS.perAddress.limit);
  });

  test("accounts made by the command line count as verified", async () => {
    const email = `provisioned-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await provisionUser({ email, password, role: "instructor" });
    expect(await verifyCredentials({ email, password })).toMatchObject({ email });
  });
});
