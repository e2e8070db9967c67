"use client";

import { stopAllBackgroundSync } from "@/lib/offline/client";
import { forgetSavedPages } from "../student/ServiceWorkerRegister";
import { formStyles } from "../forms/Field";
import { signOutAction } from "./actions";

/**
 * A real form, so signing out works before the page has hydrated (the service worker then forgets
 * saved pages when the sign-in page is shown). Hydrated, it also stops this page's outbox and has
 * the worker forget every saved page at once.
 */
export function SignOutButton({ className }: { className?: string }) {
  return (
    <form
      action={signOutAction}
      onSubmit={() => {
        stopAllBackgroundSync();
        forgetSavedPages();
      }}
    >
      <button type="submit" className={className ?? formStyles.secondaryButton}>
        Sign out
      </button>
    </form>
  );
}
