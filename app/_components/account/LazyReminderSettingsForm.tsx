"use client";

import { lazy, Suspense, type ComponentProps } from "react";

const ReminderSettingsForm = lazy(() => import("./ReminderSettingsForm").then((module) => ({ default: module.ReminderSettingsForm })));

/**
 * The reminder form, fetched only when a finished review session shows the suggestion, so that the
 * review page's first load stays within its JavaScript budget (docs/PERFORMANCE.md).
 */
export function LazyReminderSettingsForm(props: ComponentProps<typeof ReminderSettingsForm>) {
  return (
    <Suspense fallback={null}>
      <ReminderSettingsForm {...props} />
    </Suspense>
  );
}
