import type { RefObject } from "react";
import { clozeParts } from "@/lib/courses/quote";
import type { SessionCard } from "@/lib/offline/types";
import styles from "./review.module.css";

/**
 * The card's text. A cloze card shows its sentence with the gap; revealing fills the gap in place.
 * A basic card shows the prompt, then the answer below it.
 */
export function CardFace({ card, revealed, answerRef }: { card: SessionCard; revealed: boolean; answerRef: RefObject<HTMLDivElement | null> }) {
  if (card.kind === "cloze") {
    const parts = clozeParts(card.prompt, card.answer);
    // Revealed, the sentence with its gap filled is the answer: focus goes to it (never to an empty box).
    return (
      <div
        ref={revealed ? answerRef : undefined}
        tabIndex={revealed ? -1 : undefined}
        className={revealed ? styles.clozeRevealed : undefined}
        data-testid={revealed ? "card-answer" : undefined}
      >
        {revealed ? <span className="visually-hidden">Answer:</span> : null}
        <p className={styles.prompt} data-testid="card-prompt">
          {parts.map((part, index) =>
            part.fill === undefined ? (
              <span key={index}>{part.text}</span>
            ) : revealed ? (
              <mark key={index} className={styles.fill}>
                {part.fill}
              </mark>
            ) : (
              <span key={index} className={styles.gap}>
                <span aria-hidden="true">[…]</span>
                <span className="visually-hidden">blank</span>
              </span>
            ),
          )}
        </p>
        {revealed && card.explanation ? (
          <div className={styles.answerBlock}>
            <p className={styles.explanation}>{card.explanation}</p>
          </div>
        ) : null}
      </div>
    );
  }
  return (
    <>
      <p className={styles.prompt} data-testid="card-prompt">
        {card.prompt}
      </p>
      {revealed ? (
        <div ref={answerRef} tabIndex={-1} className={styles.answerBlock} data-testid="card-answer">
          <h2 className={styles.answerLabel}>Answer</h2>
          <p className={styles.answerText}>{card.answer}</p>
          {card.explanation ? <p className={styles.explanation}>{card.explanation}</p> : null}
        </div>
      ) : null}
    </>
  );
}
