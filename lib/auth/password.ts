import "server-only";
import { availableParallelism } from "node:os";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

/**
 * Argon2id at OWASP's second recommended setting (19 MiB, 2 passes, 1 lane): about 50 ms on one
 * core of the 2-core reference machine, under the 100 ms budget.
 */
export const PASSWORD_HASH_OPTIONS = {
  // Algorithm.Argon2id: a const enum, which isolated modules cannot read, and the default anyway.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const CURRENT_PARAMETERS = `m=${PASSWORD_HASH_OPTIONS.memoryCost},t=${PASSWORD_HASH_OPTIONS.timeCost},p=${PASSWORD_HASH_OPTIONS.parallelism}`;

/**
 * How many hashes may run at once: all but one core (at least one). A flood of sign-ins then queues
 * here and slows sign-in, while the rest of the app keeps a core; before this bound, 20 connections
 * hashing at once took every core and another user's median page time went from 12 ms to 140 ms.
 * The memory ceiling is this many times 19 MiB.
 */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/** A counting semaphore: first come, first served. */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  /** Calls queued behind the running ones, for figures. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
      if (next) next();
      else this.running -= 1;
    }
  }
}

const hashing = new Semaphore(HASH_CONCURRENCY);

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, PASSWORD_HASH_OPTIONS));
}

/** False for a wrong password and for a hash that cannot be parsed; never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => verify(passwordHash, password));
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
