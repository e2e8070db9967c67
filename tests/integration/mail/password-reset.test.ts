/**
 * Password reset end to end below HTTP: the request goes through the real job queue (pg-boss in this
 * file's database) and the mail through a real SMTP server in this process.
 */
import { startTestSmtpServer } from "@/tests/support/smtp";

const smtp = await startTestSmtpServer();
process.env.SMTP_URL = smtp.url;
process.env.MAIL_FROM = "Retain <retain@example.test>";
process.env.NEXTAUTH_URL = "https://retain.example.test";

const { afterAll, beforeAll, describe, expect, test } = await import("vitest");
const { confirmPasswordReset, requestPasswordReset, RESET_LIMITS, RESET_REQUESTED_MESSAGE } = await import("@/lib/accounts/password-reset");
const { TooManyRequestsError, ValidationError } = await import("@/lib/errors");
const { changePassword, registerUser } = await import("@/lib/accounts/users");
const { resolveSessionUser, verifyCredentials } = await import("@/lib/auth/credentials");
const { testActor } = await import("@/tests/support/actors");
const { db } = await import("@/lib/db/client");
const { stopJobSender } = await import("@/lib/jobs/boss");
const { QUEUES } = await import("@/lib/jobs/queues");
const { startWorker } = await import("@/lib/worker/worker");
const { waitForQueueIdle } = await import("./support");

type Worker = Awaited<ReturnType<typeof startWorker>>;
let worker: Worker;
let ipCounter = 0;
/** Each test its own client address, so the per-IP limit of one does not reach another. */
const client = () => new Headers({ "x-forwarded-for": `10.16.0.${++ipCounter}` });

async function student(password = "correct horse battery") {
  const email = `reset-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const user = await registerUser({ name: "Rosa Reset", email, password });
  return { ...user, password };
}

async function requestLink(email: string): Promise<string> {
  const from = smtp.messages.length;
  const answer = await requestPasswordReset({ email }, client());
  expect(answer.message).toBe(RESET_REQUESTED_MESSAGE);
  const mail = await smtp.waitFor((message) => message.to === email, { from });
  const link = /https:\/\/retain\.example\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  expect(link, mail.text).not.toBeNull();
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

describe("password reset", () => {
  test("the mail arrives with a working link; the reset ends every session and the link works once", async () => {
    const user = await student();
    const from = smtp.messages.length;
    const token = await requestLink(user.email);
    const mail = smtp.messages.slice(from).find((message) => message.to === user.email)!;
    expect(mail.subject).toBe("Reset your Retain password");
    expect(mail.html).toContain(`href="https://retain.example.test/reset-password?token=${token}"`);
    // Transactional mail: no unsubscribe header.
    expect(mail.headers.get("list-unsubscribe")).toBeUndefined();
    // Only the token's hash is stored.
    const stored = await db().passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(3_600_000);

    await confirmPasswordReset({ token, password: "a brand new passphrase" }, client(), new Date());
    expect(await verifyCredentials({ email: user.email, password: "a brand new passphrase" })).not.toBeNull();
    expect(await verifyCredentials({ email: user.email, password: user.password })).toBeNull();
    // The session the student had before is over.
    expect(await resolveSessionUser({ id: user.id, sessionVersion: user.sessionVersion, sessionId: "a-session-before-the-reset" })).toBeNull();

    const second = confirmPasswordReset({ token, password: "yet another passphrase" }, client(), new Date());
    await expect(second).rejects.toBeInstanceOf(ValidationError);
    await expect(second).rejects.toMatchObject({ status: 400, fields: { token: [expect.stringContaining("not valid")] } });
    expect(await verifyCredentials({ email: user.email, password: "a brand new passphrase" })).not.toBeNull();
  });

  test("the same answer for an address without an account, and no mail", async () => {
    const email = `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const answer = await requestPasswordReset({ email }, client());
    expect(answer.message).toBe(RESET_REQUESTED_MESSAGE);
    await waitForQueueIdle(QUEUES.passwordReset.name);
    expect(smtp.messages.filter((message) => message.to === email)).toEqual([]);
  });

  test("a newer link replaces the older one", async () => {
    const user = await student();
    const first = await requestLink(user.email);
    const second = await requestLink(user.email);
    await expect(confirmPasswordReset({ token: first, password: "first try passphrase" }, client(), new Date())).rejects.toBeInstanceOf(ValidationError);
    await confirmPasswordReset({ token: second, password: "second try passphrase" }, client(), new Date());
  });

  test("a password change since the link was sent makes it worthless", async () => {
    const user = await student();
    const token = await requestLink(user.email);
    await changePassword(testActor(user), { currentPassword: user.password, newPassword: "changed on my own" });
    await expect(confirmPasswordReset({ token, password: "reset after change" }, client(), new Date())).rejects.toBeInstanceOf(ValidationError);
  });

  test("a link is good for one hour", async () => {
    const user = await student();
    const token = await requestLink(user.email);
    const later = new Date(Date.now() + 61 * 60_000);
    await expect(confirmPasswordReset({ token, password: "too late passphrase" }, client(), later)).rejects.toBeInstanceOf(ValidationError);
    await confirmPasswordReset({ token, password: "just in time phrase" }, client(), new Date(Date.now() + 59 * 60_000));
  });

  test("an unknown token, a weak password and a password equal to the address are 400s naming the field", async () => {
    await expect(confirmPasswordReset({ token: "not-a-token", password: "long enough passphrase" }, client(), new Date())).rejects.toMatchObject({
      fields: { token: [expect.any(String)] },
    });
    const user = await student();
    const token = await requestLink(user.email);
    await expect(confirmPasswordReset({ token, password: "password" }, client(), new Date())).rejects.toMatchObject({ fields: { password: [expect.any(String)] } });
    await expect(confirmPasswordReset({ token, password: user.email }, client(), new Date())).rejects.toMatchObject({
      fields: { password: ["must not be your email address"] },
    });
    // Refused attempts do not spend the link.
    await confirmPasswordReset({ token, password: "finally a good one" }, client(), new Date());
  });

  test("throttled per address (silently: still 202, no more mail) and per client (429)", async () => {
    const user = await student();
    const from = smtp.messages.length;
    const headers = client();
    for (let i = 0; i < RESET_LIMITS.perAddress.limit + 2; i += 1) {
      expect((await requestPasswordReset({ email: user.email }, headers)).message).toBe(RESET_REQUESTED_MESSAGE);
    }
    await waitForQueueIdle(QUEUES.passwordReset.name);
    expect(smtp.messages.slice(from).filter((message) => message.to === user.email)).toHaveLength(RESET_LIMITS.perAddress.limit);

    const crowded = client();
    for (let i = 0; i < RESET_LIMITS.perIp.limit; i += 1) {
      await requestPasswordReset({ email: `someone-${i}@example.test` }, crowded);
    }
    await expect(requestPasswordReset({ email: "one-more@example.test" }, crowded)).rejects.toBeInstanceOf(TooManyRequestsError);
  });
});
