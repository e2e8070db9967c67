import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { safeFilename, toCsv } from "./csv";
import { getClassDashboard } from "./dashboard";
import { formatInZone, zonedDate } from "./time";

export type Gradebook = { filename: string; csv: string };

/**
 * One row per current student, one column per live assignment: whole percent complete, with
 * " (late)" after work received past its due time, and when it was answered offline before the due
 * time, both times. Rows by name.
 */
export async function getGradebook(actor: Actor, classId: string, now: Date): Promise<Gradebook> {
  const dashboard = await getClassDashboard(actor, classId, now, { withCards: false });
  const { class: cls, assignments } = dashboard;
  const header = [
    "Student",
    "Email",
    ...assignments.map((assignment) => `${assignment.title} (due ${zonedDate(new Date(assignment.dueAt), cls.timeZone)}, %)`),
  ];
  const students = [...dashboard.students].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  const rows = students.map((student) => [
    student.name,
    student.email,
    ...assignments.map((assignment) => {
      const cell = student.progress[assignment.id];
      if (!cell) return 0;
      const setAside = cell.setAside > 0 ? ` (${cell.setAside} set aside)` : "";
      if (!cell.late) return setAside ? `${cell.percent}${setAside}` : cell.percent;
      if (!cell.answeredOfflineBeforeDue || !cell.completedAt || !cell.receivedAt) return `${cell.percent} (late)${setAside}`;
      const at = (iso: string) => formatInZone(new Date(iso), cls.timeZone);
      return `${cell.percent} (late: answered offline at ${at(cell.completedAt)}, received at ${at(cell.receivedAt)})${setAside}`;
    }),
  ]);
  return {
    filename: safeFilename(`gradebook ${cls.name} ${cls.term} ${zonedDate(now, cls.timeZone)}`, "csv"),
    csv: toCsv([header, ...rows]),
  };
}
