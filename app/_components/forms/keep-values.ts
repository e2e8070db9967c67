"use client";

import { startTransition, type FormEvent } from "react";

/**
 * `onSubmit` for a form whose `action` comes from useActionState: runs the same action without
 * React's automatic form reset, so after an error every field still shows what was entered (a reset
 * would put selects back to their first rendered option: a detected time zone became UTC). Without
 * JavaScript the form posts to its `action` as before.
 */
export function submitKeepingValues(action: (formData: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => action(formData));
  };
}
