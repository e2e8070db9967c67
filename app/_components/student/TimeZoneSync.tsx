"use client";

import { useEffect } from "react";
import type { StudySettingsDto } from "@/lib/contracts";

/**
 * First visit: the student's days (for due dates and streaks) should follow their own clock, so the
 * browser's time zone is saved once (the server flags it as detected and this does nothing again).
 */
export function TimeZoneSync({ course, settings }: { course: string; settings: StudySettingsDto }) {
  useEffect(() => {
    if (settings.timeZoneDetected || !navigator.onLine) return;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!timeZone) return;
    const { desiredRetention, newPerDay, reviewsPerDay, dayStartHour } = settings;
    void fetch(`/api/courses/${encodeURIComponent(course)}/settings`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ desiredRetention, newPerDay, reviewsPerDay, dayStartHour, timeZone }),
    }).catch(() => undefined);
  }, [course, settings]);
  return null;
}
