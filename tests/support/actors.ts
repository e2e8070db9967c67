import { actorFromSession, type Actor } from "@/lib/auth/actor";
import type { PublicUser } from "@/lib/contracts";

/**
 * An Actor for data-layer tests and benchmarks, made by the guards' own brand function (the only
 * other caller eslint.config.mjs allows). Stands for a user the test has in its database; data
 * functions read only its id and role, so email and name default when the test has no use for them.
 */
export function testActor(user: Pick<PublicUser, "id" | "role"> & Partial<PublicUser>): Actor {
  return actorFromSession({ email: `${user.id}@example.test`, name: "Test User", ...user });
}
