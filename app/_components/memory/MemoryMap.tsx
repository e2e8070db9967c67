import { recallBand } from "@/lib/srs";
import { formatExamDate, formatRecall } from "@/lib/review/exam";
import type { MemoryMapDto, MemoryMapPassage } from "@/lib/review/memory-map";
import styles from "./memory-map.module.css";

type Props = {
  map: MemoryMapDto;
  /** Whose recall the figures are: "Class mean" or "Your recall". */
  figureLabel: string;
};

const BAND_TEXT = { strong: "90 % or more", fair: "70–89 %", weak: "below 70 %" } as const;

function cardCount(count: number) {
  return `${count} card${count === 1 ? "" : "s"}`;
}

function passageSummary(passage: MemoryMapPassage, figureLabel: string): string {
  if (passage.cards.length === 0) return "No card cites this passage";
  if (passage.meanRecall === null) return `Not learned yet · ${cardCount(passage.cards.length)}`;
  return `${figureLabel} ${formatRecall(passage.meanRecall)} (${BAND_TEXT[recallBand(passage.meanRecall) as keyof typeof BAND_TEXT]}) · ${cardCount(passage.cards.length)}`;
}

/**
 * The essay shaded by predicted recall of the cards citing each passage. Server-rendered: each
 * cited passage is a native <details> whose summary states its figure in words, so the shade is
 * never the only carrier of meaning; opening it lists the cards and their figures.
 */
export function MemoryMap({ map, figureLabel }: Props) {
  return (
    <>
      <ul className={styles.legend} aria-label="Legend">
        <li>
          <span className={`${styles.swatch} ${styles.strong}`} aria-hidden="true" /> Strong: {BAND_TEXT.strong}
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.fair}`} aria-hidden="true" /> Fair: {BAND_TEXT.fair}
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.weak}`} aria-hidden="true" /> Weak: {BAND_TEXT.weak}
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.unlearned}`} aria-hidden="true" /> Cited, not learned yet
        </li>
        <li>
          <span className={`${styles.swatch} ${styles.none}`} aria-hidden="true" /> No card cites it
        </li>
      </ul>
      <div className={styles.passages} data-testid="memory-map">
        {map.passages.map((passage) => {
          const band = passage.cards.length === 0 ? "none" : passage.meanRecall === null ? "unlearned" : recallBand(passage.meanRecall);
          const summary = passageSummary(passage, figureLabel);
          if (passage.cards.length === 0) {
            return (
              <div key={passage.anchor} id={passage.anchor} className={`${styles.passage} ${styles.none}`} data-band="none">
                <span className="visually-hidden">{summary}. </span>
                <p>{passage.text}</p>
              </div>
            );
          }
          return (
            <details key={passage.anchor} id={passage.anchor} className={`${styles.passage} ${styles[band]}`} data-band={band}>
              <summary>
                <span className={styles.figure}>{summary}</span>
                <span className={styles.text}>{passage.text}</span>
              </summary>
              <ul className={styles.cards} aria-label="Cards citing this passage">
                {passage.cards.map((card) => (
                  <li key={card.cardId}>
                    {card.label} — {card.meanRecall === null ? "not learned yet" : formatRecall(card.meanRecall)}
                    {card.learners > 1 ? ` (${card.learners} students)` : ""}
                  </li>
                ))}
              </ul>
            </details>
          );
        })}
      </div>
    </>
  );
}

/** "on Thu, May 14, 2026 (exam day)" or "today". */
export function mapMoment(map: MemoryMapDto): string {
  return map.examDate ? `on ${formatExamDate(map.examDate)}, the exam day,` : "today";
}
