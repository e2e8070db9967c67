import { describe, expect, test } from "vitest";
import { COMMON_PASSWORDS, isCommonPassword } from "@/lib/auth/common-passwords";
import { changePasswordSchema, emailSchema, newPasswordSchema, signInSchema, signUpSchema } from "@/lib/auth/schemas";
import { fieldErrorsOf } from "@/lib/validation";

describe("account schemas", () => {
  test("emails are trimmed and lower-cased, and must look like emails", () => {
    expect(emailSchema.parse("  Ada@Example.EDU ")).toBe("ada@example.edu");
    for (const bad of ["", "ada", "ada@", "@example.edu", "ada@example", `${"a".repeat(250)}@example.edu`]) {
      expect(emailSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  test("new passwords: 8 to 256 characters, not common, not trimmed", () => {
    expect(newPasswordSchema.safeParse("1234567").success).toBe(false);
    expect(newPasswordSchema.safeParse("a".repeat(8)).success).toBe(false); // "aaaaaaaa" is on the list
    expect(newPasswordSchema.safeParse("correct horse").success).toBe(true);
    expect(newPasswordSchema.parse("  spaced out  ")).toBe("  spaced out  ");
    expect(newPasswordSchema.safeParse("x".repeat(256)).success).toBe(true);
    expect(newPasswordSchema.safeParse("x".repeat(257)).success).toBe(false);
  });

  test("the common list has 200+ entries, all long enough to pass the length rule, matched case-insensitively", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
    for (const password of COMMON_PASSWORDS) expect(password.length).toBeGreaterThanOrEqual(8);
    expect(isCommonPassword("PassWord123")).toBe(true);
    expect(isCommonPassword("purple-otter-lamp")).toBe(false);
  });

  test("sign-up names every bad field with a message that reads after the field name", () => {
    const result = signUpSchema.safeParse({ name: "  ", email: "nope", password: "short" });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toEqual({
      name: ["is required"],
      email: ["must be a valid email address, like name@example.com"],
      password: ["must be at least 8 characters"],
    });
  });

  test("sign-up refuses a password that is the email or its local part", () => {
    const result = signUpSchema.safeParse({ name: "A", email: "grace.hopper@navy.mil", password: "Grace.Hopper" });
    expect(fieldErrorsOf(result.error!)).toEqual({ password: ["must not be your email address"] });
  });

  test("sign-in only bounds the password (old passwords stay usable), and missing fields are 'required'", () => {
    expect(signInSchema.safeParse({ email: "a@example.edu", password: "x" }).success).toBe(true);
    expect(fieldErrorsOf(signInSchema.safeParse({}).error!)).toEqual({
      email: ["is required"],
      password: ["is required"],
    });
  });

  test("a new password must differ from the current one", () => {
    const result = changePasswordSchema.safeParse({ currentPassword: "same-old-words", newPassword: "same-old-words" });
    expect(fieldErrorsOf(result.error!)).toEqual({ newPassword: ["must differ from your current password"] });
  });
});
