/**
 * A new class before anyone joins, and the new-assignment form's errors (issue 15).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createAssignment } from "@/lib/classes/assignments";
import { createClass, joinClass, JOIN_LIMITS, previewJoinCode } from "@/lib/classes/classes";
import { getClassDashboard } from "@/lib/classes/dashboard";
import { ForbiddenError, NotFoundError, TooManyRequestsError, ValidationError } from "@/lib/errors";
import { createCourse, createUser, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-10-05T14:00:00Z");
let course: FixtureCourse;
let instructor: Awaited<ReturnType<typeof createUser>>;
let classId: string;
let joinCode: string;

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 3 });
  instructor = await createUser("instructor", "Ines Instructor");
  const cls = await createClass(instructor, {
    name: "Bio 101",
    term: "Fall 2026",
    courseSlug: course.slug,
    timeZone: "America/Chicago",
  });
  classId = cls.id;
  joinCode = cls.joinCodeDisplay;
});

describe("a class with no students yet", () => {
  test("its assignments count their cards", async () => {
    const assignment = await createAssignment(
      instructor,
      classId,
      { lessonKeys: ["lesson-1", "lesson-2"], dueAt: "2026-10-09T23:59" },
      T0,
    );
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

describe("a join link's preview", () => {
  test("names the class, term, course and instructor to a signed-in student, before and after joining", async () => {
    const student = await createUser("student", "Sam Student");
    const preview = await previewJoinCode(student, { code: joinCode.toLowerCase() }, "10.9.0.1");
    expect(preview.class).toEqual({
      name: "Bio 101",
      term: "Fall 2026",
      course: { title: expect.any(String) },
      instructors: ["Ines Instructor"],
    });
    expect(preview.alreadyEnrolled).toBe(false);
    await joinClass(student, { code: joinCode }, "10.9.0.1", T0);
    expect((await previewJoinCode(student, { code: joinCode }, "10.9.0.1")).alreadyEnrolled).toBe(true);
  });

  test("only to students; wrong codes use up the same allowance as joins", async () => {
    await expect(previewJoinCode(instructor, { code: joinCode }, "10.9.0.2")).rejects.toBeInstanceOf(ForbiddenError);
    const prober = await createUser("student", "Pat Prober");
    for (let attempt = 0; attempt < JOIN_LIMITS.perUser.limit; attempt += 1) {
      await expect(previewJoinCode(prober, { code: "ZZZZ-ZZZZ-77" }, "10.9.0.3")).rejects.toBeInstanceOf(NotFoundError);
    }
    // Used up: neither a preview nor a join of the right code goes through now.
    await expect(previewJoinCode(prober, { code: joinCode }, "10.9.0.3")).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(joinClass(prober, { code: joinCode }, "10.9.0.3", T0)).rejects.toBeInstanceOf(TooManyRequestsError);
  });
});
