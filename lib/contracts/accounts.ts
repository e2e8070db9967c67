export const ROLES = ["student", "instructor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What any caller may see of a user: never the password hash or the session version. */
export type PublicUser = { id: string; email: string; name: string; role: Role };
