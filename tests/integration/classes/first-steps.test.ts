/**
 * A new class before anyone joins, and the new-assignment form's errors (issue 15).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createAssignment } from "@/lib/classes/assignments";
import { createClass } from "@/lib/classes/classes";
import { getClassDashboard } from "@/lib/classes/dashboard";
import { ValidationError } from "@/lib/errors";
import { createCourse, createUser, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-10-05T14:00:00Z");
let course: FixtureCourse;
let instructor: Awaited<ReturnType<typeof createUser>>;
let classId: string;

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 3 });
  instructor = await createUser("instructor", "Ines Instructor");
  classId = (await createClass(instructor, { name: "Bio 101", term: "Fall 2026", courseSlug: course.slug, timeZone: "America/Chicago" })).id;
});

describe("a class with no students yet", () => {
  test("its assignments count their cards", async () => {
    const assignment = await createAssignment(instructor, classId, { lessonKeys: ["lesson-1", "lesson-2"], dueAt: "2026-10-09T23:59" }, T0);
    expect(assignment.cardCount).toBe(6);
    const dashboard = await getClassDashboard(instructor, classId, T0);
    expect(dashboard.students).toEqual([]);
    expect(dashboard.assignments.map((entry) => entry.cardCount)).toEqual([6]);
  });
});

describe("new assignment input", () => {
  async function problems(input: Record<string, unknown>): Promise<Record<string, string[]>> {
    const error = await createAssignment(instructor, classId, input, T0).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields;
  }

  test("every problem at once: no lessons and a due time before the opening", async () => {
    const fields = await problems({ lessonKeys: [], opensAt: "2026-10-08T09:00", dueAt: "2026-10-07T09:00" });
    expect(fields.lessonKeys).toEqual(["must name at least one lesson"]);
    expect(fields.dueAt).toEqual(["must be after the opening time"]);
  });

  test("unknown lessons and a due time already past, together", async () => {
    const fields = await problems({ lessonKeys: ["no-such-lesson"], dueAt: "2026-10-01T09:00" });
    expect(fields.lessonKeys?.[0]).toContain("no-such-lesson");
    expect(fields.dueAt).toEqual(["must be after the opening time"]);
  });
});
