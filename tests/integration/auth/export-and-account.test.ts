import { describe, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import { queryHttpDatabase, registerAndSignIn } from "@/tests/support/session";

/** Minimal course, card and per-user rows in the server's database, straight through SQL. */
async function seedProgress(userId: string, tag: string) {
  const courseId = `course-${tag}`;
  await queryHttpDatabase(
    `INSERT INTO "Course" (id, slug, title, summary, audience, "contentNote", "supportResources", bundle, "contentHash", "updatedAt")
     VALUES ($1, $1, 'Course', '', '', '', '[]', '{}', 'h', now()) ON CONFLICT (id) DO NOTHING`,
    [courseId],
  );
  await queryHttpDatabase(
    `INSERT INTO "Unit" (id, "courseId", key, position, title, summary) VALUES ($1, $2, 'u', 0, 'U', '') ON CONFLICT DO NOTHING`,
    [`unit-${tag}`, courseId],
  );
  await queryHttpDatabase(
    `INSERT INTO "Lesson" (id, "courseId", "unitId", key, position, title, objectives, passages) VALUES ($1, $2, $3, 'l', 0, 'L', '{}', '{}') ON CONFLICT DO NOTHING`,
    [`lesson-${tag}`, courseId, `unit-${tag}`],
  );
  await queryHttpDatabase(
    `INSERT INTO "Card" (id, "courseId", "lessonId", key, "noteKey", kind, prompt, answer, "sourceAnchor", "sourceQuote", tags, "contentHash", position, "updatedAt")
     VALUES ($1, $2, $3, 'c1', 'c1', 'basic', 'Q', 'A', 'a', 'q', '{}', 'h', 0, now()) ON CONFLICT DO NOTHING`,
    [`card-${tag}`, courseId, `lesson-${tag}`],
  );
  await queryHttpDatabase(
    `INSERT INTO "CardState" (id, "userId", "cardId", "courseId", due, stability, difficulty, "elapsedDays", "scheduledDays", "learningSteps", reps, lapses, state, "updatedAt")
     VALUES ($1, $2, $3, $4, now(), 1, 5, 0, 1, 0, 1, 0, 'review', now())`,
    [`state-${userId}`, userId, `card-${tag}`, courseId],
  );
  await queryHttpDatabase(
    `INSERT INTO "ReviewLog" (id, "userId", "cardId", "courseId", rating, state, due, stability, difficulty, "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "reviewedAt", "idempotencyKey", "stateBefore", "stateAfter")
     VALUES ($1, $2, $3, $4, 3, 'new', now(), 1, 5, 0, 0, 1, 0, now(), $1, '{}', '{}')`,
    [`review-${userId}`, userId, `card-${tag}`, courseId],
  );
  await queryHttpDatabase(
    `INSERT INTO "CourseSettings" (id, "userId", "courseId", weights, "updatedAt") VALUES ($1, $2, $3, '{}', now())`,
    [`settings-${userId}`, userId, courseId],
  );
  await queryHttpDatabase(
    `INSERT INTO "Class" (id, name, term, "courseId", "joinCode", "updatedAt") VALUES ($1, 'Class', 'Fall', $2, $1, now()) ON CONFLICT DO NOTHING`,
    [`class-${tag}`, courseId],
  );
  await queryHttpDatabase(`INSERT INTO "Enrollment" (id, "classId", "userId") VALUES ($1, $2, $3)`, [
    `enrollment-${userId}`,
    `class-${tag}`,
    userId,
  ]);
}

describe("GET /api/me/export", () => {
  test("contains the user's own profile, card states, reviews, settings and enrollments, and nobody else's", async () => {
    const [me, other] = await Promise.all([registerAndSignIn(baseUrl), registerAndSignIn(baseUrl)]);
    const tag = me.user.id;
    await seedProgress(me.user.id, tag);
    await seedProgress(other.user.id, tag);

    const response = await me.fetch("/api/me/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="retain-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    const data = JSON.parse(text);

    expect(data.profile).toMatchObject(me.user);
    expect(data.cardStates.map((row: { id: string }) => row.id)).toEqual([`state-${me.user.id}`]);
    expect(data.reviews.map((row: { id: string }) => row.id)).toEqual([`review-${me.user.id}`]);
    expect(data.settings.map((row: { id: string }) => row.id)).toEqual([`settings-${me.user.id}`]);
    expect(data.enrollments.map((row: { id: string }) => row.id)).toEqual([`enrollment-${me.user.id}`]);
    expect(data.cardStates[0].card.key).toBe("c1");
    expect(text).not.toContain(other.user.id);
    expect(text).not.toContain(other.user.email);
    expect(text).not.toMatch(/passwordHash|argon2|sessionVersion/);
  });
});

describe("account deletion cascades", () => {
  test("deleting the user removes their states, reviews, settings and enrollments but not the class", async () => {
    const me = await registerAndSignIn(baseUrl);
    await seedProgress(me.user.id, me.user.id);
    await queryHttpDatabase(`DELETE FROM "User" WHERE id = $1`, [me.user.id]);
    for (const table of ["CardState", "ReviewLog", "CourseSettings", "Enrollment"]) {
      const rows = await queryHttpDatabase(`SELECT 1 FROM "${table}" WHERE "userId" = $1`, [me.user.id]);
      expect(rows, table).toHaveLength(0);
    }
    expect(await queryHttpDatabase(`SELECT 1 FROM "Class" WHERE id = $1`, [`class-${me.user.id}`])).toHaveLength(1);
  });
});
