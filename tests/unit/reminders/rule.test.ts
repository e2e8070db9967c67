import { describe, expect, test } from "vitest";
import {
  CATCH_UP_HOURS,
  PAUSE_AFTER_DAYS,
  localClock,
  reminderSlot,
  reminderWorkload,
  type ReminderPreference,
} from "@/lib/reminders/rule";

const NEW_YORK: ReminderPreference = { enabled: true, hour: 2, timeZone: "America/New_York", unsubscribedAt: null };
const at = (iso: string) => new Date(iso);
const QUARTER_HOUR = 15 * 60_000;

/** Every quarter hour from `from` to `to`: the instants (UTC) the rule says to send at, with "at most one a day" applied. */
function sendsBetween(from: Date, to: Date, preference: ReminderPreference, lastVisitAt = from) {
  const sent: { utc: string; local: string }[] = [];
  let lastSentLocalDate: string | null = null;
  for (let t = from.getTime(); t < to.getTime(); t += QUARTER_HOUR) {
    const now = new Date(t);
    const slot = reminderSlot({ now, preference, lastVisitAt, lastSentLocalDate });
    if (slot.send) {
      lastSentLocalDate = slot.localDate;
      const clock = localClock(now, preference.timeZone);
      sent.push({ utc: now.toISOString(), local: `${clock.date} ${String(clock.hour).padStart(2, "0")}h` });
    }
  }
  return sent;
}

describe("who gets a reminder at instant T", () => {
  test("at the chosen local hour, once a day, across the spring-forward change (02:00 does not exist on 8 March 2026 in New York)", () => {
    const sent = sendsBetween(at("2026-03-06T00:00:00Z"), at("2026-03-10T12:00:00Z"), NEW_YORK);
    expect(sent).toEqual([
      { utc: "2026-03-06T07:00:00.000Z", local: "2026-03-06 02h" }, // EST, UTC-5
      { utc: "2026-03-07T07:00:00.000Z", local: "2026-03-07 02h" },
      // 02:00 is skipped: the first instant after the gap, 03:00 EDT (07:00 UTC), serves it.
      { utc: "2026-03-08T07:00:00.000Z", local: "2026-03-08 03h" },
      { utc: "2026-03-09T06:00:00.000Z", local: "2026-03-09 02h" }, // EDT, UTC-4
      { utc: "2026-03-10T06:00:00.000Z", local: "2026-03-10 02h" },
    ]);
  });

  test("the hour repeated by the fall-back change gets one reminder (1 November 2026, 01:00 happens twice)", () => {
    const sent = sendsBetween(at("2026-10-31T00:00:00Z"), at("2026-11-03T00:00:00Z"), { ...NEW_YORK, hour: 1 });
    expect(sent).toEqual([
      { utc: "2026-10-31T05:00:00.000Z", local: "2026-10-31 01h" }, // EDT
      { utc: "2026-11-01T05:00:00.000Z", local: "2026-11-01 01h" }, // first 01:00 (EDT); not again at 06:00 UTC (EST)
      { utc: "2026-11-02T06:00:00.000Z", local: "2026-11-02 01h" }, // EST
    ]);
  });

  test("a zone east of UTC with a half-hour offset, evening hour", () => {
    const sent = sendsBetween(at("2026-05-01T00:00:00Z"), at("2026-05-03T00:00:00Z"), { ...NEW_YORK, hour: 19, timeZone: "Asia/Kolkata" });
    expect(sent.map((entry) => entry.utc)).toEqual(["2026-05-01T13:30:00.000Z", "2026-05-02T13:30:00.000Z"]);
  });

  test("a missed sweep is made up for within the catch-up window, and not after it", () => {
    const base = { preference: { ...NEW_YORK, hour: 18 }, lastVisitAt: at("2026-06-01T00:00:00Z"), lastSentLocalDate: null };
    // 18:00 EDT is 22:00 UTC.
    expect(reminderSlot({ ...base, now: at("2026-06-01T21:59:00Z") })).toMatchObject({ send: false, reason: "not-the-hour" });
    expect(reminderSlot({ ...base, now: at("2026-06-01T22:00:00Z") })).toEqual({ send: true, localDate: "2026-06-01" });
    // The window is 18:00 to 21:00 local (CATCH_UP_HOURS = 3), i.e. until 01:00 UTC.
    expect(CATCH_UP_HOURS).toBe(3);
    expect(reminderSlot({ ...base, now: at("2026-06-02T00:59:00Z") })).toEqual({ send: true, localDate: "2026-06-01" });
    expect(reminderSlot({ ...base, now: at("2026-06-02T01:00:00Z") })).toMatchObject({ send: false, reason: "not-the-hour" });
  });

  test("never twice on one local date", () => {
    const slot = reminderSlot({ now: at("2026-06-01T22:30:00Z"), preference: { ...NEW_YORK, hour: 18 }, lastVisitAt: at("2026-06-01T00:00:00Z"), lastSentLocalDate: "2026-06-01" });
    expect(slot).toEqual({ send: false, reason: "sent-today", localDate: "2026-06-01" });
  });

  test("off, unsubscribed, and paused after two weeks without a visit", () => {
    const now = at("2026-06-20T22:00:00Z");
    const preference = { ...NEW_YORK, hour: 18 };
    const visit = (days: number) => new Date(now.getTime() - days * 86_400_000);
    expect(reminderSlot({ now, preference: { ...preference, enabled: false }, lastVisitAt: visit(1), lastSentLocalDate: null })).toMatchObject({ reason: "off" });
    expect(reminderSlot({ now, preference: { ...preference, unsubscribedAt: visit(2) }, lastVisitAt: visit(1), lastSentLocalDate: null })).toMatchObject({ reason: "unsubscribed" });
    expect(reminderSlot({ now, preference, lastVisitAt: visit(PAUSE_AFTER_DAYS - 0.01), lastSentLocalDate: null }).send).toBe(true);
    expect(reminderSlot({ now, preference, lastVisitAt: visit(PAUSE_AFTER_DAYS + 0.01), lastSentLocalDate: null })).toMatchObject({ reason: "paused" });
    expect(reminderSlot({ now, preference, lastVisitAt: null, lastSentLocalDate: null })).toMatchObject({ reason: "paused" });
  });
});

describe("what a reminder says", () => {
  test("nothing to do: no reminder", () => {
    expect(reminderWorkload({ dueCards: 0, assignments: [] })).toBeNull();
  });

  test("due cards: how many and about how long", () => {
    expect(reminderWorkload({ dueCards: 12, assignments: [] })).toEqual({ dueCards: 12, assignmentCards: 0, assignments: [], minutes: 2 });
    expect(reminderWorkload({ dueCards: 1, assignments: [] })?.minutes).toBe(1);
  });

  test("an assignment due soon counts its cards left", () => {
    const assignment = { title: "Unit 1", className: "CJ 101", dueAt: at("2026-06-02T03:59:00Z"), cardsLeft: 8 };
    expect(reminderWorkload({ dueCards: 6, assignments: [assignment, { ...assignment, title: "Unit 2", cardsLeft: 0 }] })).toEqual({
      dueCards: 6,
      assignmentCards: 8,
      assignments: [assignment, { ...assignment, title: "Unit 2", cardsLeft: 0 }],
      minutes: 5, // 6 × 10 s + 8 × 30 s = 300 s
    });
  });
});
