import { describe, expect, test } from "vitest";
import { composeMail } from "@/lib/mail/compose";
import { InvalidEnvironmentError, parseEnv } from "@/lib/env";
import { jobIdFor } from "@/lib/jobs/queues";

const base = { DATABASE_URL: "postgresql://u@localhost/retain", NEXTAUTH_SECRET: "x".repeat(32) };

describe("mail settings in the environment", () => {
  test("defaults: no SMTP (files under .data/mail), a From address, the worker on", () => {
    const env = parseEnv(base);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env).toMatchObject({ MAIL_FROM: "Retain <retain@localhost>", MAIL_DIR: ".data/mail", RETAIN_WORKER: "on" });
    expect(parseEnv({ ...base, SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });

  test("accepts smtp:// and smtps:// URLs and From addresses with or without a name", () => {
    const env = parseEnv({ ...base, SMTP_URL: "smtps://user:pass@mail.example.edu:465", MAIL_FROM: "Retain <retain@example.edu>", RETAIN_WORKER: "off" });
    expect(env).toMatchObject({ SMTP_URL: "smtps://user:pass@mail.example.edu:465", RETAIN_WORKER: "off" });
    expect(parseEnv({ ...base, MAIL_FROM: "retain@example.edu" }).MAIL_FROM).toBe("retain@example.edu");
  });

  test("a malformed value stops the start with a message naming the variable", () => {
    expect(() => parseEnv({ ...base, SMTP_URL: "mail.example.edu" })).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv({ ...base, SMTP_URL: "mail.example.edu" })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => parseEnv({ ...base, MAIL_FROM: "Retain" })).toThrow(/MAIL_FROM must be an address/);
    expect(() => parseEnv({ ...base, RETAIN_WORKER: "yes" })).toThrow(/RETAIN_WORKER must be "on" or "off"/);
  });
});

describe("email verification setting", () => {
  test("off unless set; 'required' turns it on; anything else names the variable", () => {
    expect(parseEnv(base).EMAIL_VERIFICATION).toBe("off");
    expect(parseEnv({ ...base, EMAIL_VERIFICATION: "required" }).EMAIL_VERIFICATION).toBe("required");
    expect(parseEnv({ ...base, EMAIL_VERIFICATION: "off" }).EMAIL_VERIFICATION).toBe("off");
    expect(() => parseEnv({ ...base, EMAIL_VERIFICATION: "on" })).toThrow(/EMAIL_VERIFICATION must be "required" or "off"/);
  });
});

describe("composing a message", () => {
  test("plain text and simple HTML with the same words; HTML is escaped", () => {
    const message = composeMail({
      to: "ana@example.test",
      subject: "Hi",
      paragraphs: ["Hello <Ana> & co,", "Line two."],
      action: { label: "Open", url: "https://retain.example.test/dashboard?a=1&b=2" },
    });
    expect(message.text).toBe("Hello <Ana> & co,\n\nLine two.\n\nOpen: https://retain.example.test/dashboard?a=1&b=2");
    expect(message.html).toContain("Hello &#60;Ana&#62; &#38; co,");
    expect(message.html).toContain('href="https://retain.example.test/dashboard?a=1&#38;b=2"');
    expect(message.headers).toBeUndefined();
  });

  test("mail a student can opt out of carries List-Unsubscribe with one-click POST (RFC 8058)", () => {
    const message = composeMail({
      to: "ana@example.test",
      subject: "Reminder",
      paragraphs: ["Cards are due."],
      unsubscribe: { oneClick: "https://retain.example.test/api/unsubscribe?u=1&t=abc", page: "https://retain.example.test/unsubscribe?u=1&t=abc" },
    });
    expect(message.headers).toEqual({
      "List-Unsubscribe": "<https://retain.example.test/api/unsubscribe?u=1&t=abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(message.text).toContain("Stop these emails: https://retain.example.test/unsubscribe?u=1&t=abc");
  });
});

test("job ids derived from what a job is about are stable UUIDs", () => {
  expect(jobIdFor("reminder:abc")).toBe(jobIdFor("reminder:abc"));
  expect(jobIdFor("reminder:abc")).not.toBe(jobIdFor("reminder:abd"));
  expect(jobIdFor("nudge:x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
