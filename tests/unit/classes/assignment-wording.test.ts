import { describe, expect, test } from "vitest";
import { assignmentTiming, offersReading } from "@/lib/classes/assignment-wording";

const NOW = new Date("2026-12-07T15:00:00Z");
const base = { opensAt: "2026-12-01T00:00:00Z", dueAt: "2026-12-11T23:59:00Z", late: false } as const;
const text = (parts: ReturnType<typeof assignmentTiming>) =>
  parts.map((part) => (typeof part === "string" ? part : `<${part.time}>`)).join("");

describe("assignment timing on the student dashboard", () => {
  test("finished before a due date still ahead: not 'was due'", () => {
    expect(text(assignmentTiming({ ...base, status: "complete" }, NOW))).toBe(
      "Completed ahead of time · due <2026-12-11T23:59:00Z>",
    );
  });
  test("finished, due date passed", () => {
    expect(text(assignmentTiming({ ...base, dueAt: "2026-12-05T23:59:00Z", status: "complete" }, NOW))).toBe(
      "Completed · was due <2026-12-05T23:59:00Z>",
    );
    expect(
      text(assignmentTiming({ ...base, dueAt: "2026-12-05T23:59:00Z", status: "complete", late: true }, NOW)),
    ).toBe("Completed late · was due <2026-12-05T23:59:00Z>");
  });
  test("open, overdue, upcoming", () => {
    expect(text(assignmentTiming({ ...base, status: "open" }, NOW))).toBe("Due <2026-12-11T23:59:00Z>");
    expect(text(assignmentTiming({ ...base, status: "overdue" }, NOW))).toBe(
      "Was due <2026-12-11T23:59:00Z> · late work still counts",
    );
    expect(text(assignmentTiming({ ...base, status: "upcoming" }, NOW))).toBe(
      "Opens <2026-12-01T00:00:00Z> · due <2026-12-11T23:59:00Z>",
    );
  });
  test("a finished assignment offers no 'Start reading'; one not yet open neither", () => {
    expect(offersReading({ status: "complete" })).toBe(false);
    expect(offersReading({ status: "upcoming" })).toBe(false);
    expect(offersReading({ status: "open" })).toBe(true);
    expect(offersReading({ status: "overdue" })).toBe(true);
  });
});
