"use client";

import { useActionState, useState } from "react";
import { cardAction } from "@/app/(student)/courses/[slug]/cards/actions";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import type { CardStateDto } from "@/lib/contracts";
import styles from "@/app/_components/student/student.module.css";
import own from "./cards.module.css";

/** Suspend or unsuspend, and reset after an explicit confirmation (it starts the card over). */
export function CardActions({ course, cardId, suspended, studied }: { course: string; cardId: string; suspended: boolean; studied: boolean }) {
  const [state, formAction, pending] = useActionState<ActionState<CardStateDto>, FormData>(cardAction, IDLE_ACTION_STATE);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const isSuspended = state.status === "ok" ? state.data.suspended : suspended;
  return (
    <div className={own.filters}>
      <form action={formAction} className={styles.actions}>
        <input type="hidden" name="course" value={course} />
        <input type="hidden" name="cardId" value={cardId} />
        <button type="submit" name="action" value={isSuspended ? "unsuspend" : "suspend"} className={styles.button} disabled={pending}>
          {isSuspended ? "Unsuspend" : "Suspend"}
        </button>
        {studied && !confirmingReset ? (
          <button type="button" className={styles.buttonSecondary} onClick={() => setConfirmingReset(true)}>
            Reset…
          </button>
        ) : null}
      </form>
      {confirmingReset ? (
        <form action={formAction} className={styles.panel} aria-label="Reset this card">
          <input type="hidden" name="course" value={course} />
          <input type="hidden" name="cardId" value={cardId} />
          <p>Reset starts this card over as new: its schedule and lapses go; its history stays.</p>
          <label className={own.check}>
            <input type="checkbox" name="confirm" value="yes" required /> Yes, start this card over
          </label>
          <div className={styles.actions}>
            <button type="submit" name="action" value="reset" className={styles.button} disabled={pending}>
              Reset card
            </button>
            <button type="button" className={styles.buttonSecondary} onClick={() => setConfirmingReset(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <p role="status" aria-live="polite" className={styles.small}>
        {state.status === "ok" ? state.message : state.status === "error" ? state.message : ""}
      </p>
    </div>
  );
}
