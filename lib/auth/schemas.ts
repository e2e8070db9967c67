/**
 * The one schema per account input, shared by the forms (client-side hints) and the server (the
 * check that counts). Messages read after the field's name: "Password must be at least 8 characters".
 */
import { z } from "zod";
import { ROLES } from "@/lib/contracts";
import { isCommonPassword } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

/** Trimmed and lower-cased, matching how `User.email` is stored. */
export const emailSchema = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .min(1, "is required")
  .max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`)
  .pipe(z.email({ error: "must be a valid email address, like name@example.com" }));

/** A password being chosen: length and the common-password list. Never trimmed. */
export const newPasswordSchema = z
  .string({ error: "is required" })
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((password) => !isCommonPassword(password), "is one of the most common passwords; choose another");

/** A password being checked against a stored hash: only bounded, so a huge body cannot cost a hash. */
export const currentPasswordSchema = z
  .string({ error: "is required" })
  .min(1, "is required")
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const nameSchema = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`)
  // Postgres text cannot hold NUL, and no other control character belongs in a name either.
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "must not contain control characters");

export const roleSchema = z.enum(ROLES, { error: "must be student, instructor or admin" });

function passwordDiffersFromEmail(input: { email: string; password: string }) {
  const password = input.password.toLowerCase();
  const localPart = input.email.split("@")[0] ?? "";
  return password !== input.email && password !== localPart;
}

export const signUpSchema = z
  .strictObject({ name: nameSchema, email: emailSchema, password: newPasswordSchema })
  .refine(passwordDiffersFromEmail, { path: ["password"], message: "must not be your email address" });
export type SignUpInput = z.output<typeof signUpSchema>;

export const signInSchema = z.object({ email: emailSchema, password: currentPasswordSchema });
export type SignInInput = z.output<typeof signInSchema>;

export const changePasswordSchema = z
  .object({ currentPassword: currentPasswordSchema, newPassword: newPasswordSchema })
  .refine((input) => input.currentPassword !== input.newPassword, {
    path: ["newPassword"],
    message: "must differ from your current password",
  });
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

export const passwordResetRequestSchema = z.strictObject({ email: emailSchema });
export type PasswordResetRequestInput = z.output<typeof passwordResetRequestSchema>;

export const passwordResetConfirmSchema = z.strictObject({
  token: z.string({ error: "is required" }).min(1, "is required").max(200, "is not a valid reset link"),
  password: newPasswordSchema,
});
export type PasswordResetConfirmInput = z.output<typeof passwordResetConfirmSchema>;

export const emailVerificationRequestSchema = z.strictObject({ email: emailSchema });
export type EmailVerificationRequestInput = z.output<typeof emailVerificationRequestSchema>;

export const emailVerificationConfirmSchema = z.strictObject({
  token: z.string({ error: "is required" }).min(1, "is required").max(200, "is not a valid confirmation link"),
});
export type EmailVerificationConfirmInput = z.output<typeof emailVerificationConfirmSchema>;

export const deleteAccountSchema = z.object({ password: currentPasswordSchema });
export type DeleteAccountInput = z.output<typeof deleteAccountSchema>;

/** Row ids (cuids) as they arrive in paths and forms; anything else cannot name a row. */
export const idSchema = z
  .string({ error: "is required" })
  .min(1, "is required")
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "is not a valid id");

export const setRoleSchema = z.strictObject({ userId: idSchema, role: roleSchema });
export type SetRoleInput = z.output<typeof setRoleSchema>;

/** Command-line provisioning: password optional (one is generated), name optional (taken from the email). */
export const provisionUserSchema = z.object({
  email: emailSchema,
  role: roleSchema,
  password: newPasswordSchema.optional(),
  name: nameSchema.optional(),
});
export type ProvisionUserInput = z.output<typeof provisionUserSchema>;

export const userSearchSchema = z.object({
  query: z
    .string()
    .trim()
    .max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`)
    .transform((query) => query.replace(/[\u0000-\u001f\u007f]/g, ""))
    .default(""),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type UserSearchInput = z.output<typeof userSearchSchema>;
