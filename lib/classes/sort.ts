import type { DashboardCard, DashboardStudent } from "./dashboard";

/**
 * Sorting for the dashboard tables (server-rendered links, so they work without JavaScript and on
 * any phone). Missing values (no retention yet, never active) sort last in either direction.
 */
export type SortDir = "asc" | "desc";
export const STUDENT_SORT_KEYS = ["name", "completion", "learned", "reviews7d", "overdue", "retention", "lastActive"] as const;
export type StudentSortKey = (typeof STUDENT_SORT_KEYS)[number] | `a:${string}`;
export const CARD_SORT_KEYS = ["position", "againShare", "lapses", "leeches", "difficulty", "answers"] as const;
export type CardSortKey = (typeof CARD_SORT_KEYS)[number];

function compare(a: number | string | null, b: number | string | null, dir: SortDir): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order = typeof a === "string" && typeof b === "string" ? a.localeCompare(b) : (a as number) - (b as number);
  return dir === "asc" ? order : -order;
}

function studentValue(student: DashboardStudent, key: StudentSortKey): number | string | null {
  if (key.startsWith("a:")) return student.progress[key.slice(2)]?.percent ?? null;
  switch (key) {
    case "name":
      return student.name;
    case "completion":
      return student.completion;
    case "learned":
      return student.cardsLearned;
    case "reviews7d":
      return student.reviews7d;
    case "overdue":
      return student.overdue;
    case "retention":
      return student.retention;
    case "lastActive":
      return student.lastActiveAt;
    default:
      return null;
  }
}

export function parseStudentSort(value: unknown, assignmentIds: string[]): StudentSortKey {
  if (typeof value !== "string") return "name";
  if ((STUDENT_SORT_KEYS as readonly string[]).includes(value)) return value as StudentSortKey;
  if (value.startsWith("a:") && assignmentIds.includes(value.slice(2))) return value as StudentSortKey;
  return "name";
}

export function parseCardSort(value: unknown): CardSortKey {
  return typeof value === "string" && (CARD_SORT_KEYS as readonly string[]).includes(value) ? (value as CardSortKey) : "againShare";
}

export function parseDir(value: unknown, fallback: SortDir): SortDir {
  return value === "asc" || value === "desc" ? value : fallback;
}

export function sortStudents(students: DashboardStudent[], key: StudentSortKey, dir: SortDir): DashboardStudent[] {
  return [...students].sort(
    (a, b) => compare(studentValue(a, key), studentValue(b, key), dir) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
}

function cardValue(card: DashboardCard, key: CardSortKey): number | null {
  switch (key) {
    case "position":
      return card.position;
    case "againShare":
      return card.againShare;
    case "lapses":
      return card.lapses;
    case "leeches":
      return card.leeches;
    case "difficulty":
      return card.meanDifficulty;
    case "answers":
      return card.answers;
  }
}

export function sortCards(cards: DashboardCard[], key: CardSortKey, dir: SortDir): DashboardCard[] {
  return [...cards].sort((a, b) => compare(cardValue(a, key), cardValue(b, key), dir) || a.position - b.position);
}
