/**
 * How a student's assignment describes its timing: pure, for the dashboard and its tests. A time is
 * a part of its own, so the page can render it as a <time> element in the student's zone.
 */
import type { StudentAssignmentDto } from "./student";

export type TimingPart = string | { time: string };

type Timing = Pick<StudentAssignmentDto, "status" | "late" | "opensAt" | "dueAt">;

export function assignmentTiming(assignment: Timing, now: Date): TimingPart[] {
  const due = { time: assignment.dueAt };
  switch (assignment.status) {
    case "upcoming":
      return ["Opens ", { time: assignment.opensAt }, " · due ", due];
    case "overdue":
      return ["Was due ", due, " · late work still counts"];
    case "complete":
      if (assignment.late) return ["Completed late · was due ", due];
      return Date.parse(assignment.dueAt) > now.getTime() ? ["Completed ahead of time · due ", due] : ["Completed · was due ", due];
    default:
      return ["Due ", due];
  }
}

/** Whether the assignment still has reading to start: open or overdue, not finished, not yet open. */
export function offersReading(assignment: Pick<StudentAssignmentDto, "status">): boolean {
  return assignment.status === "open" || assignment.status === "overdue";
}
