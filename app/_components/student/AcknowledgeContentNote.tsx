"use client";

import { useState } from "react";
import { acknowledgeContentNoteAction } from "./content-note-actions";

/**
 * Records that the student read the content note, then loads `next` as a full page: the service
 * worker keeps the page a student last loaded for offline use, and must keep the one with the cards,
 * not the note.
 */
export function AcknowledgeContentNote({
  course,
  next,
  label,
  classNames,
}: {
  course: string;
  next: string;
  label: string;
  /** The server's class names: importing the stylesheet here would ship its whole class map to every page that can show the note. */
  classNames: { actions?: string; button?: string; small?: string };
}) {
  const styles = classNames;
  const [state, setState] = useState<"idle" | "saving" | "failed">("idle");
  return (
    <div className={styles.actions}>
      <button
        type="button"
        className={styles.button}
        disabled={state === "saving"}
        onClick={async () => {
          setState("saving");
          try {
            await acknowledgeContentNoteAction(course);
            window.location.replace(next);
          } catch {
            setState("failed");
          }
        }}
      >
        {label}
      </button>
      {state === "failed" ? (
        <p role="alert" className={styles.small}>
          That did not go through. Check your connection and try again.
        </p>
      ) : null}
    </div>
  );
}
