/**
 * Environment, validated once at startup. A missing or malformed variable stops the app with a
 * message that names it.
 */
import { z } from "zod";
import { parseTrustedProxies } from "./net/trusted-proxies";

const postgresUrl = z
  .string({ error: "is required (a postgresql:// connection URL)" })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must be a postgresql:// connection URL")
  .refine((value) => URL.canParse(value), "is not a valid URL");

const smtpUrl = z
  .string()
  .refine((value) => /^smtps?:\/\//.test(value), "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.edu:587")
  .refine((value) => URL.canParse(value), "is not a valid URL");

/** `Name <address>` or a bare address, as it goes into the From header. */
const mailFrom = z
  .string()
  .trim()
  .refine(
    (value) => /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(value),
    'must be an address like "Retain <retain@example.edu>" or retain@example.edu',
  );

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl,
  NEXTAUTH_SECRET: z
    .string({ error: "is required: set it to a random string of at least 32 characters" })
    .min(32, "must be at least 32 characters"),
  NEXTAUTH_URL: z.url("must be the app's public URL, e.g. https://retain.example.edu").optional(),
  /** Set by the start script when the embedded database is in use: a single-machine local install. */
  RETAIN_LOCAL_MODE: z.enum(["0", "1"]).default("0"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Reverse proxies whose X-Forwarded-For is believed: a hop count or addresses/CIDRs (lib/net/trusted-proxies.ts). */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, context) => {
      const parsed = parseTrustedProxies(value);
      if ("error" in parsed) context.addIssue({ code: "custom", message: parsed.error });
    }),
  /** Outgoing mail server. Without it every message is written as an .eml file under MAIL_DIR. */
  SMTP_URL: z.preprocess((value) => (value === "" ? undefined : value), smtpUrl.optional()),
  MAIL_FROM: mailFrom.default("Retain <retain@localhost>"),
  MAIL_DIR: z.string().min(1).default(".data/mail"),
  /** `npm start` runs the job worker in its own process unless this is "off" (then run `npm run worker`). */
  RETAIN_WORKER: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  /** "required": a new sign-up must open the link mailed to it before it can sign in. */
  EMAIL_VERIFICATION: z.enum(["required", "off"], { error: 'must be "required" or "off"' }).default("off"),
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")} ${issue.message}`);
  throw new InvalidEnvironmentError(`Retain cannot start; fix these environment variables:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use, then kept). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
