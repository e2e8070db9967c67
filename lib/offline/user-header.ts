/**
 * The header the device's outbox sends with queued answers, naming the user who gave them. Shared
 * by the outbox (lib/offline/client.ts) and the review API (lib/review/outbox-owner.ts); no imports.
 */
export const OUTBOX_USER_HEADER = "x-retain-outbox-user";
