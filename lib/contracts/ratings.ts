/** 1 Again, 2 Hard, 3 Good, 4 Easy: the four answers, as FSRS (ts-fsrs `Grade`) numbers them. */
export const RATINGS = [1, 2, 3, 4] as const;
export type Rating = (typeof RATINGS)[number];

/** Each rating's key: the name of its preview in a queue card and of its button. */
export const RATING_NAMES = { 1: "again", 2: "hard", 3: "good", 4: "easy" } as const satisfies Record<Rating, string>;
export type RatingName = (typeof RATING_NAMES)[Rating];

/** What the buttons and tables say. */
export const RATING_LABELS = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" } as const satisfies Record<Rating, string>;

export function isRating(value: unknown): value is Rating {
  return typeof value === "number" && (RATINGS as readonly number[]).includes(value);
}
