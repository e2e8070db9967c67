"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { getOutbox } from "@/lib/offline/client";
import { RATING_LABELS, RATING_NAMES } from "@/lib/contracts";
import { previewFor, requeueTime } from "@/lib/offline/session";
import type { Rating, SessionCard } from "@/lib/offline/types";
import type { LessonCardDto } from "@/lib/contracts";
import styles from "./cards.module.css";


/**
 * A lesson's card right after the passage it cites (review inside the reading): answered in place,
 * its first review goes into the same outbox as the review session's answers (offline too), and the
 * session then continues from it. A card already studied shows its state instead.
 */
export function InlineCard({ userId, course, entry, generatedAt }: { userId: string; course: string; entry: LessonCardDto; generatedAt: string }) {
  const [revealed, setRevealed] = useState(false);
  const [answered, setAnswered] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const card: SessionCard = useMemo(() => ({ ...entry.card, previewedAt: Date.parse(generatedAt) }), [entry.card, generatedAt]);

  // An answer given on this device that the server has not confirmed yet (this page may predate it).
  useEffect(() => {
    let cancelled = false;
    void getOutbox(userId)
      .entries(course)
      .then((entries) => {
        const mine = entries.find((outboxEntry) => outboxEntry.kind === "answer" && outboxEntry.cardId === card.id && outboxEntry.status !== "rejected");
        if (!cancelled && mine && mine.kind === "answer" && Date.parse(mine.reviewedAt) >= Date.parse(generatedAt)) setAnswered(`Answered ${RATING_LABELS[mine.rating]}`);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [userId, course, card.id, generatedAt]);

  const answer = useCallback(
    async (rating: Rating) => {
      const requeueAt = requeueTime(card, rating, Date.now());
      try {
        await getOutbox(userId).addAnswer({ course, card, rating, ...(requeueAt === null ? {} : { requeueAt: new Date(requeueAt).toISOString() }) });
        setAnswered(`Answered ${RATING_LABELS[rating]} · next in ${previewFor(card, rating).label}`);
      } catch {
        setError("This device could not store your answer. Check that the browser allows site storage.");
      }
    },
    [userId, course, card],
  );

  if (entry.studied) {
    const due = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" }).format(new Date(entry.studied.due));
    return (
      <aside className={styles.inline} aria-label="Flashcard" data-testid="inline-card" data-state={entry.studied.state}>
        <p className={styles.inlinePrompt}>{card.prompt}</p>
        <p className={styles.inlineMeta}>
          Studied · {entry.studied.state === "review" ? `next review ${due}` : entry.studied.state}
          {entry.studied.suspended ? " · suspended" : ""}
        </p>
      </aside>
    );
  }

  return (
    <aside className={styles.inline} aria-label="Flashcard" data-testid="inline-card" data-state="new">
      <p className={styles.inlinePrompt}>{card.prompt}</p>
      {answered ? (
        <p className={styles.inlineMeta} role="status">
          {card.answer} · {answered}
        </p>
      ) : revealed ? (
        <>
          <p>
            <strong>{card.answer}</strong>
          </p>
          <div className={styles.inlineAnswers} role="group" aria-label="How well did you remember?">
            {([1, 2, 3, 4] as const).map((rating) => (
              <button key={rating} type="button" onClick={() => void answer(rating)}>
                {RATING_LABELS[rating]} <span className={styles.inlineMeta}>{card.previews[RATING_NAMES[rating]].label}</span>
              </button>
            ))}
          </div>
        </>
      ) : (
        <button type="button" onClick={() => setRevealed(true)}>
          Show answer
        </button>
      )}
      {error ? <p role="alert">{error}</p> : null}
    </aside>
  );
}
