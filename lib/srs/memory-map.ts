/**
 * The essay as a memory map: each source passage's predicted recall, from the cards that cite it.
 * Pure: callers forecast each card's recall (today or on an exam day) and pass the figures in.
 */

/** A card and every passage (anchor) it cites. */
export type MapCard = { cardId: string; label: string; anchors: readonly string[] };

/** One predicted recall of one card: one per student who has learned it (one at most for a student's own map). */
export type MapRecall = { cardId: string; recall: number };

export type MapCardFigure = { cardId: string; label: string; meanRecall: number | null; learners: number };

export type PassageFigure = {
  anchor: string;
  /** Cards citing the passage, in the order given. */
  cards: MapCardFigure[];
  /** Mean over every (card, learner) recall of the cards citing it; null when none is learned (or none cites it). */
  meanRecall: number | null;
  /** Card–learner figures behind `meanRecall`. */
  figures: number;
};

/**
 * Per passage, in the order of `anchors`: the cards citing it with their mean recall over learners,
 * and the passage's mean over every learned figure of those cards (a card cited by two passages
 * counts in both). Passages no card cites come back with no cards and a null figure.
 */
export function passageRecall(anchors: readonly string[], cards: readonly MapCard[], recalls: readonly MapRecall[]): PassageFigure[] {
  const byCard = new Map<string, { sum: number; count: number }>();
  for (const { cardId, recall } of recalls) {
    const entry = byCard.get(cardId) ?? { sum: 0, count: 0 };
    entry.sum += recall;
    entry.count += 1;
    byCard.set(cardId, entry);
  }
  const citing = new Map<string, MapCard[]>();
  for (const card of cards) {
    for (const anchor of new Set(card.anchors)) {
      const list = citing.get(anchor) ?? [];
      list.push(card);
      citing.set(anchor, list);
    }
  }
  return anchors.map((anchor) => {
    let sum = 0;
    let figures = 0;
    const cardFigures = (citing.get(anchor) ?? []).map((card) => {
      const entry = byCard.get(card.cardId);
      if (entry) {
        sum += entry.sum;
        figures += entry.count;
      }
      return { cardId: card.cardId, label: card.label, meanRecall: entry ? entry.sum / entry.count : null, learners: entry?.count ?? 0 };
    });
    return { anchor, cards: cardFigures, meanRecall: figures === 0 ? null : sum / figures, figures };
  });
}

/** The shade band of a recall figure, for the map's legend: strong ≥ 90 %, fair ≥ 70 %, weak below. */
export type RecallBand = "strong" | "fair" | "weak" | "none";

export function recallBand(recall: number | null): RecallBand {
  if (recall === null) return "none";
  if (recall >= 0.9) return "strong";
  if (recall >= 0.7) return "fair";
  return "weak";
}
