import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { ReminderSettingsDto } from "@/lib/contracts";
import { parseInput } from "@/lib/validation";
import { DEFAULT_REMINDER_HOUR, PAUSE_AFTER_DAYS } from "./rule";
import { reminderSettingsSchema } from "./schemas";

export type { ReminderSettingsDto };


/** The student's zone for a default: the first course zone the browser reported, else UTC. */
async function detectedZone(userId: string): Promise<string> {
  const settings = await db().courseSettings.findFirst({
    where: { userId, timeZoneDetected: true },
    orderBy: { updatedAt: "desc" },
    select: { timeZone: true },
  });
  return settings?.timeZone ?? "UTC";
}

export async function getReminderSettings(actor: Actor): Promise<ReminderSettingsDto> {
  const [row, last] = await Promise.all([
    db().reminderSettings.findUnique({ where: { userId: actor.id } }),
    db().reminderDelivery.findFirst({
      where: { userId: actor.id, sentAt: { not: null } },
      orderBy: { sentAt: "desc" },
      select: { sentAt: true },
    }),
  ]);
  return {
    enabled: row?.enabled ?? false,
    hour: row?.hour ?? DEFAULT_REMINDER_HOUR,
    timeZone: row?.timeZone ?? (await detectedZone(actor.id)),
    chosen: row !== null,
    unsubscribedAt: row?.unsubscribedAt?.toISOString() ?? null,
    pausedAfterDays: PAUSE_AFTER_DAYS,
    lastSentAt: last?.sentAt?.toISOString() ?? null,
  };
}

/** Saves the student's choice. Turning reminders on clears an earlier unsubscribe. */
export async function saveReminderSettings(actor: Actor, input: unknown): Promise<ReminderSettingsDto> {
  const { enabled, hour, timeZone } = parseInput(reminderSettingsSchema, input);
  await db().reminderSettings.upsert({
    where: { userId: actor.id },
    create: { userId: actor.id, enabled, hour, timeZone },
    update: { enabled, hour, timeZone, ...(enabled ? { unsubscribedAt: null } : {}) },
  });
  return getReminderSettings(actor);
}

/** One-click unsubscribe (the link is authenticated by its signature, see lib/mail/links.ts). */
export async function unsubscribeFromReminders(userId: string, now: Date): Promise<void> {
  // A deleted account's old link: nothing left to unsubscribe.
  if (!(await db().user.findUnique({ where: { id: userId }, select: { id: true } }))) return;
  await db().reminderSettings.upsert({
    where: { userId },
    create: { userId, enabled: false, unsubscribedAt: now, timeZone: await detectedZone(userId) },
    update: { enabled: false, unsubscribedAt: now },
  });
}
