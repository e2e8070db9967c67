import { requireUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http/api";
import { getReminderSettings, saveReminderSettings } from "@/lib/reminders/settings";

export const GET = apiRoute(async () => getReminderSettings(await requireUser()));

/** `{enabled, hour, timeZone}`. */
export const PUT = apiRoute(async (request) => saveReminderSettings(await requireUser(), await readJson(request)));
