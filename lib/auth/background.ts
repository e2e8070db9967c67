import "server-only";
import { db } from "@/lib/db/client";
import { actorFromSession, type Actor } from "./actor";
import { publicUserColumns } from "./credentials";

/**
 * For background jobs that act on a user's behalf (the reminder sweep reads a student's queue and
 * assignments): the user re-read from the database, as the guards do, or null when the account is
 * gone. Jobs carry only user ids; this is where they become an Actor.
 */
export async function actorForJob(userId: string): Promise<Actor | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: publicUserColumns });
  return user ? actorFromSession(user) : null;
}
