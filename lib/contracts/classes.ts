/** Class DTOs that client components render (the rest stay with lib/classes, which only servers load). */
export type InstructorDto = { userId: string; name: string; email: string; role: "owner" | "co_instructor" };

export type JoinOutcome = {
  class: { id: string; name: string; term: string; course: { slug: string; title: string } };
  alreadyEnrolled: boolean;
};
