/**
 * Today's study queue. Order: due (re)learning cards by due time, then review cards oldest-due
 * first, then new cards. We do not interleave: learning steps are short and should be answered
 * on time, reviews protect what is already learned, and new cards come last so a student who
 * stops early leaves only new material unseen (Anki's "show new cards after reviews").
 *
 * Siblings (cards of one note, e.g. the deletions of one cloze sentence) give each other away, so
 * as with Anki's "bury new/review siblings" at most one card of a note is new or review today: none
 * once a card of the note was answered today, else the first one gathered (reviews before new
 * cards, each in its own order). Learning cards are never buried: their steps must be kept.
 */
import { LEARN_AHEAD_MS, type QueueCounts, type QueueKind } from "@/lib/contracts";
import type { SrsState } from "./card";
import { endOfLocalDay, startOfLocalDay, type DayRule } from "./local-day";
import { assertValidInstant } from "./scheduler";

/** Like Anki's default: learning cards due this soon are shown early when nothing else is left. */
export { LEARN_AHEAD_MS };
export type { QueueCounts, QueueKind };

export interface QueueCourseCard {
  readonly cardId: string;
  /** Course order (unit, lesson, card). */
  readonly position: number;
  readonly lessonId: string;
  readonly archived: boolean;
  /** Cards sharing a note are siblings. */
  readonly noteKey: string;
}

export interface QueueCardSchedule {
  readonly state: SrsState;
  readonly due: Date;
  readonly suspended: boolean;
  /** The last answer; one given today buries the card's new and review siblings. */
  readonly lastReview: Date | null;
}

export interface DailyQueueInput {
  /** Every card of the course; cards without an entry in `states` have never been studied. */
  readonly cards: readonly QueueCourseCard[];
  readonly states: ReadonlyMap<string, QueueCardSchedule>;
  readonly dayRule: DayRule;
  readonly newPerDay: number;
  readonly reviewsPerDay: number;
  /** Cards whose first answer fell on today's local day. */
  readonly newIntroducedToday: number;
  /** Answers given today to cards that were in the review state. */
  readonly reviewsDoneToday: number;
  /** New cards of these lessons are introduced first, then the rest in course order. */
  readonly assignedLessonIds: ReadonlySet<string>;
  /** Maximum number of items returned; `counts` still describe the whole queue. */
  readonly limit: number;
}


export interface QueueItem {
  readonly cardId: string;
  readonly queue: QueueKind;
}


export interface DailyQueue {
  readonly items: readonly QueueItem[];
  readonly counts: QueueCounts;
}

interface Candidate {
  readonly card: QueueCourseCard;
  readonly due: number;
  readonly courseIndex: number;
}

function remaining(limit: number, used: number): number {
  return Math.max(0, Math.floor(limit) - Math.max(0, Math.floor(used)));
}

const byDueThenCourseOrder = (a: Candidate, b: Candidate) => a.due - b.due || a.courseIndex - b.courseIndex;

/** The first candidate of each note not yet gathered, in the given order. */
function firstOfEachNote(candidates: readonly Candidate[], gathered: ReadonlySet<string>): Candidate[] {
  const seen = new Set(gathered);
  return candidates.filter((candidate) => {
    if (seen.has(candidate.card.noteKey)) return false;
    seen.add(candidate.card.noteKey);
    return true;
  });
}

export function buildDailyQueue(input: DailyQueueInput, now: Date): DailyQueue {
  assertValidInstant(now, "now");
  if (!Number.isInteger(input.limit) || input.limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${input.limit}`);
  }
  const nowMs = now.getTime();
  const startOfTodayMs = startOfLocalDay(now, input.dayRule.timeZone, input.dayRule.dayStartHour).getTime();
  const endOfTodayMs = endOfLocalDay(now, input.dayRule.timeZone, input.dayRule.dayStartHour).getTime();

  const courseOrder = input.cards
    .map((card, inputIndex) => ({ card, inputIndex }))
    .sort((a, b) => a.card.position - b.card.position || a.inputIndex - b.inputIndex)
    .map(({ card }, courseIndex) => ({ card, courseIndex }));

  const buriedNotes = new Set<string>();
  for (const { card } of courseOrder) {
    const lastReview = input.states.get(card.cardId)?.lastReview;
    if (!card.archived && lastReview && lastReview.getTime() >= startOfTodayMs) buriedNotes.add(card.noteKey);
  }

  const learning: Candidate[] = [];
  const reviews: Candidate[] = [];
  const newCards: Candidate[] = [];
  for (const { card, courseIndex } of courseOrder) {
    if (card.archived) continue;
    const schedule = input.states.get(card.cardId);
    if (schedule?.suspended) continue;
    const state = schedule?.state ?? "new";
    if ((state === "new" || state === "review") && buriedNotes.has(card.noteKey)) continue;
    const candidate = { card, courseIndex, due: schedule?.due.getTime() ?? 0 };
    switch (state) {
      case "new":
        newCards.push(candidate);
        break;
      case "learning":
      case "relearning":
        learning.push(candidate);
        break;
      case "review":
        if (candidate.due < endOfTodayMs) reviews.push(candidate);
        break;
    }
  }

  learning.sort(byDueThenCourseOrder);
  reviews.sort(byDueThenCourseOrder);
  const isAssigned = (candidate: Candidate) => input.assignedLessonIds.has(candidate.card.lessonId);
  const newInIntroductionOrder = [
    ...newCards.filter(isAssigned),
    ...newCards.filter((candidate) => !isAssigned(candidate)),
  ];

  const dueLearning = learning.filter((candidate) => candidate.due <= nowMs);
  const dueReviews = firstOfEachNote(reviews, new Set()).slice(0, remaining(input.reviewsPerDay, input.reviewsDoneToday));
  const gathered = new Set(dueReviews.map((candidate) => candidate.card.noteKey));
  const newToday = firstOfEachNote(newInIntroductionOrder, gathered).slice(0, remaining(input.newPerDay, input.newIntroducedToday));
  const nothingElseLeft = dueLearning.length + dueReviews.length + newToday.length === 0;
  const shownLearning = nothingElseLeft
    ? learning.filter((candidate) => candidate.due <= nowMs + LEARN_AHEAD_MS)
    : dueLearning;

  const asItems = (queue: QueueKind, candidates: readonly Candidate[]) =>
    candidates.map((candidate) => ({ cardId: candidate.card.cardId, queue }));
  const items: QueueItem[] = [
    ...asItems("learning", shownLearning),
    ...asItems("review", dueReviews),
    ...asItems("new", newToday),
  ];
  return {
    items: items.slice(0, input.limit),
    counts: { new: newToday.length, learning: shownLearning.length, review: dueReviews.length },
  };
}
