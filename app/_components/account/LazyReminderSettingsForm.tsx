"use client";

import { lazy, Suspense, type ComponentProps } from "react";
import type { ReminderSettingsForm as Form } from "./ReminderSettingsForm";

const nothing = (() => null) as unknown as typeof Form;

// Without a connection the suggestion is left out (saving it needs the server anyway).
const ReminderSettingsForm = lazy(() =>
  import("./ReminderSettingsForm").then(
    (module) => ({ default: module.ReminderSettingsForm }),
    () => ({ default: nothing }),
  ),
);

/**
 * The reminder form, fetched only when a finished review session shows the suggestion, so that the
 * review page's first load stays within its JavaScript budget (docs/PERFORMANCE.md).
 */
export function LazyReminderSettingsForm(props: ComponentProps<typeof Form>) {
  return (
    <Suspense fallback={null}>
      <ReminderSettingsForm {...props} />
    </Suspense>
  );
}
