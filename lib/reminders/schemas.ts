import { z } from "zod";
import { isValidTimeZone } from "@/lib/srs/local-day";

const HOUR = "must be an hour from 0 to 23";

/** Reminder settings as `PUT /api/me/reminders` sends them (the account form converts its strings first). */
export const reminderSettingsSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }),
  hour: z.number({ error: HOUR }).int(HOUR).min(0, HOUR).max(23, HOUR),
  timeZone: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(64)
    .refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin"),
});
export type ReminderSettingsInput = z.output<typeof reminderSettingsSchema>;
