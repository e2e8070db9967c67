/**
 * Types and constants shared by the device and the server. Dependency-free on purpose (no
 * `server-only`, no Prisma, no zod): client modules and lib/offline import from here, never from a
 * feature folder's server-only modules (enforced by eslint.config.mjs).
 */
export * from "./accounts";
export * from "./card-browser";
export * from "./cards";
export * from "./classes";
export * from "./memory-model";
export * from "./ratings";
export * from "./review";
export * from "./reminders";
