import { z } from "zod";
import { isValidTimeZone } from "@/lib/srs/local-day";

/** Reminder settings as the account page and `PUT /api/me/reminders` send them. */
export const reminderSettingsSchema = z.strictObject({
  enabled: z.preprocess(
    (value) => (value === "on" || value === "true" ? true : value === "off" || value === "false" ? false : value),
    z.boolean({ error: "must be true or false" }),
  ),
  hour: z.coerce.number({ error: "must be an hour from 0 to 23" }).int("must be an hour from 0 to 23").min(0, "must be an hour from 0 to 23").max(23, "must be an hour from 0 to 23"),
  timeZone: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(64)
    .refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin"),
});
export type ReminderSettingsInput = z.output<typeof reminderSettingsSchema>;
