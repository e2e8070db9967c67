import "server-only";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

/**
 * Argon2id at OWASP's second recommended setting (19 MiB, 2 passes, 1 lane): about 50 ms on one
 * core of the 2-core reference machine, under the 100 ms budget. At most four hashes run at once
 * (libuv's thread pool), so the memory ceiling is about 80 MiB however many sign-ins arrive.
 */
export const PASSWORD_HASH_OPTIONS = {
  // Algorithm.Argon2id: a const enum, which isolated modules cannot read, and the default anyway.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const CURRENT_PARAMETERS = `m=${PASSWORD_HASH_OPTIONS.memoryCost},t=${PASSWORD_HASH_OPTIONS.timeCost},p=${PASSWORD_HASH_OPTIONS.parallelism}`;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a hash that cannot be parsed; never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when the hash was made with other settings (or another algorithm) and should be replaced at the next sign-in. */
export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(`$argon2id$v=19$${CURRENT_PARAMETERS}$`);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so that an unknown email costs the same time as a wrong
 * password and the response time does not reveal which accounts exist.
 */
export async function verifyAgainstDummyHash(password: string): Promise<false> {
  dummyHash ??= hashPassword(`dummy-${crypto.randomUUID()}`);
  await verifyPassword(await dummyHash, password);
  return false;
}
