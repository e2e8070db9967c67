import "server-only";
import { ForbiddenError } from "@/lib/errors";
import { OUTBOX_USER_HEADER } from "@/lib/contracts";
import type { Actor } from "@/lib/auth/actor";

/**
 * Answers queued on a device for one user must never be stored under another's session (a shared
 * phone where someone else has signed in since). 403: the outbox keeps them and waits for their owner.
 */
export function assertOutboxOwner(request: Request, actor: Actor): void {
  const owner = request.headers.get(OUTBOX_USER_HEADER);
  if (owner !== null && owner !== actor.id) {
    throw new ForbiddenError("These answers were given by another account on this device; sign in as that account to send them.");
  }
}
