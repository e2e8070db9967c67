/** Reminder settings as the account page and GET/PUT /api/me/reminders read and write them. */
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { getReminderSettings, saveReminderSettings, unsubscribeFromReminders } from "@/lib/reminders/settings";
import { createCourse, createUser } from "@/tests/support/fixtures";

describe("reminder settings", () => {
  test("off until chosen, defaulting to 18:00 in the zone the browser reported", async () => {
    const student = await createUser();
    const course = await createCourse({ lessons: 1, cardsPerLesson: 1 });
    await db().courseSettings.create({ data: { userId: student.id, courseId: course.id, timeZone: "Europe/Berlin", timeZoneDetected: true } });
    expect(await getReminderSettings(student)).toMatchObject({ enabled: false, hour: 18, timeZone: "Europe/Berlin", chosen: false, lastSentAt: null });
  });

  test("saved, validated field by field, and an unsubscribe is undone only by turning them on again", async () => {
    const student = await createUser();
    expect(await saveReminderSettings(student, { enabled: true, hour: 7, timeZone: "America/Chicago" })).toMatchObject({
      enabled: true,
      hour: 7,
      timeZone: "America/Chicago",
      chosen: true,
    });
    const bad = saveReminderSettings(student, { enabled: "maybe", hour: 24, timeZone: "Mars/Olympus", extra: 1 });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toMatchObject({ fields: { enabled: [expect.any(String)], hour: ["must be an hour from 0 to 23"], timeZone: [expect.any(String)], extra: ["is not a known field"] } });

    await unsubscribeFromReminders(student.id, new Date("2026-05-01T00:00:00Z"));
    expect(await getReminderSettings(student)).toMatchObject({ enabled: false, unsubscribedAt: "2026-05-01T00:00:00.000Z" });
    await saveReminderSettings(student, { enabled: false, hour: 9, timeZone: "America/Chicago" });
    expect((await getReminderSettings(student)).unsubscribedAt).not.toBeNull();
    await saveReminderSettings(student, { enabled: true, hour: 9, timeZone: "America/Chicago" });
    expect(await getReminderSettings(student)).toMatchObject({ enabled: true, unsubscribedAt: null });
  });

  test("an unsubscribe link of a deleted account does nothing", async () => {
    const student = await createUser();
    await db().user.delete({ where: { id: student.id } });
    await expect(unsubscribeFromReminders(student.id, new Date())).resolves.toBeUndefined();
  });
});
