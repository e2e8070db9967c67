import type { PublicUser } from "@/lib/contracts";

declare const actorBrand: unique symbol;

/**
 * The signed-in user on whose behalf a data function runs. Branded: only `actorFromSession` makes
 * one, and only the guards (./guards.ts) call it, after re-reading the user from the database — so a
 * data function that takes an `Actor` cannot be handed a user nobody checked. Tests make theirs
 * through the same function (tests/support/actors.ts); eslint.config.mjs keeps every other caller out.
 */
export type Actor = Readonly<PublicUser> & { readonly [actorBrand]: true };

export function actorFromSession(user: PublicUser): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role } as Actor;
}
