import { describe, expect, test } from "vitest";
import type { DashboardAssignment, DashboardStudent } from "@/lib/classes/dashboard";
import { classSummary, elapsedPercent } from "@/lib/classes/summary";

const NOW = new Date("2026-12-07T12:00:00Z");

function assignment(id: string, opensAt: string, dueAt: string, completed = 0): DashboardAssignment {
  return {
    id,
    title: `Assignment ${id}`,
    goal: "learn",
    opensAt,
    dueAt,
    lessonKeys: [],
    cardCount: 10,
    completed,
    completedLate: 0,
    meanPercent: 0,
    timeline: [],
  };
}

function student(id: string, name: string, percents: Record<string, number>): DashboardStudent {
  const progress = Object.fromEntries(
    Object.entries(percents).map(([key, percent]) => [
      key,
      { done: percent / 10, total: 10, setAside: 0, percent, complete: percent === 100, completedAt: null, receivedAt: null, late: false, answeredOfflineBeforeDue: false },
    ]),
  );
  return {
    id,
    name,
    email: `${id}@example.test`,
    joinedAt: "2026-12-01T00:00:00Z",
    progress,
    completion: null,
    cardsLearned: 0,
    reviews7d: 0,
    overdue: 0,
    retention: null,
    lastActiveAt: null,
  };
}

// Past due on Dec 6; open Dec 1 → Dec 11 (60% gone by at NOW); upcoming, due Dec 20.
const past = assignment("past", "2026-11-30T00:00:00Z", "2026-12-06T00:00:00Z");
const open = assignment("open", "2026-12-01T00:00:00Z", "2026-12-11T00:00:00Z", 1);
const later = assignment("later", "2026-12-12T00:00:00Z", "2026-12-20T00:00:00Z");

describe("class summary", () => {
  test("elapsed share of an assignment's window", () => {
    expect(elapsedPercent(open, NOW)).toBeCloseTo(65, 0);
    expect(elapsedPercent(later, NOW)).toBe(0);
    expect(elapsedPercent(past, NOW)).toBe(100);
  });

  test("overdue: past-due work not finished; behind: trailing the time gone by; due next: soonest still ahead", () => {
    const students = [
      student("ada", "Ada", { past: 100, open: 90 }), // on track
      student("ben", "Ben", { past: 40, open: 100 }), // overdue on "past"
      student("cy", "Cy", { past: 100, open: 20 }), // behind on "open" (20% with 65% of the time gone)
      student("dee", "Dee", { past: 100, open: 50 }), // within the margin
    ];
    const summary = classSummary([past, open, later], students, NOW);
    expect(summary.overdue).toEqual([{ id: "ben", name: "Ben", assignments: ["Assignment past"] }]);
    expect(summary.behind).toEqual([{ id: "cy", name: "Cy", assignments: ["Assignment open"] }]);
    expect(summary.dueNext).toEqual({
      id: "open",
      title: "Assignment open",
      dueAt: open.dueAt,
      completed: 1,
      students: 4,
    });
  });

  test("a new class: nothing flagged, nothing due", () => {
    expect(classSummary([], [], NOW)).toEqual({ overdue: [], behind: [], dueNext: null });
  });
});
