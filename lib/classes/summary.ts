/**
 * The top of a class page, computed from its dashboard (pure, every function takes `now`): who has
 * work past due, who is behind pace on open work, and what is due next.
 */
import type { DashboardAssignment, DashboardStudent } from "./dashboard";

export type StudentFlag = { id: string; name: string; assignments: string[] };

export type ClassSummary = {
  /** Students with an assignment past its due time and not complete. */
  overdue: StudentFlag[];
  /** Students not overdue whose progress on an open assignment trails the time gone by (by a margin). */
  behind: StudentFlag[];
  /** The open or upcoming assignment due soonest, with how many have finished it. */
  dueNext: { id: string; title: string; dueAt: string; completed: number; students: number } | null;
};

/** Progress may trail the share of time gone by this much (percentage points) before it counts as behind. */
export const BEHIND_MARGIN = 25;

/** Share of an assignment's window (opening to due) gone by at `now`, as a percentage 0..100. */
export function elapsedPercent(assignment: Pick<DashboardAssignment, "opensAt" | "dueAt">, now: Date): number {
  const opens = Date.parse(assignment.opensAt);
  const due = Date.parse(assignment.dueAt);
  if (due <= opens) return now.getTime() >= due ? 100 : 0;
  return Math.max(0, Math.min(100, ((now.getTime() - opens) / (due - opens)) * 100));
}

export function classSummary(assignments: DashboardAssignment[], students: DashboardStudent[], now: Date): ClassSummary {
  const at = now.getTime();
  const pastDue = assignments.filter((assignment) => Date.parse(assignment.dueAt) <= at);
  const open = assignments.filter((assignment) => Date.parse(assignment.opensAt) <= at && Date.parse(assignment.dueAt) > at);

  const overdue: StudentFlag[] = [];
  const behind: StudentFlag[] = [];
  for (const student of students) {
    const late = pastDue.filter((assignment) => !student.progress[assignment.id]?.complete).map((assignment) => assignment.title);
    if (late.length) {
      overdue.push({ id: student.id, name: student.name, assignments: late });
      continue;
    }
    const trailing = open
      .filter((assignment) => {
        const cell = student.progress[assignment.id];
        return !cell?.complete && (cell?.percent ?? 0) + BEHIND_MARGIN < elapsedPercent(assignment, now);
      })
      .map((assignment) => assignment.title);
    if (trailing.length) behind.push({ id: student.id, name: student.name, assignments: trailing });
  }
  const byName = (a: StudentFlag, b: StudentFlag) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

  const next = assignments
    .filter((assignment) => Date.parse(assignment.dueAt) > at)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  return {
    overdue: overdue.sort(byName),
    behind: behind.sort(byName),
    dueNext: next ? { id: next.id, title: next.title, dueAt: next.dueAt, completed: next.completed, students: students.length } : null,
  };
}
