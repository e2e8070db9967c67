/** The signed-in user on whose behalf a data function runs (from `requireUser()`). */
export type Actor = { id: string; role: "student" | "instructor" | "admin" };
