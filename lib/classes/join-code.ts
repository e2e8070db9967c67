import { randomBytes } from "node:crypto";

/**
 * Class join codes: 10 symbols of Crockford base32 (no I, L, O, U), 50 bits from the system's
 * CSPRNG, so a code cannot be guessed (joins are throttled on top). Stored without separators, in
 * upper case; shown grouped as `7KQ4-M2XD-9P`. Input is normalised the Crockford way: case, spaces
 * and dashes do not matter, and O/I/L read as 0/1/1.
 */
export const JOIN_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const JOIN_CODE_LENGTH = 10;
export const JOIN_CODE_BITS = JOIN_CODE_LENGTH * 5;

const VALID = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

export function generateJoinCode(): string {
  // 256 is a multiple of 32, so taking the low 5 bits of each byte is uniform.
  const bytes = randomBytes(JOIN_CODE_LENGTH);
  let code = "";
  for (const byte of bytes) code += JOIN_CODE_ALPHABET[byte & 31];
  return code;
}

/** The stored form of what someone typed or followed, or null when it cannot be a join code. */
export function normalizeJoinCode(input: string): string | null {
  if (input.length > 64) return null;
  const compact = input
    .toUpperCase()
    .replace(/[\s\-_.\u2010-\u2015]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return VALID.test(compact) ? compact : null;
}

/** `7KQ4M2XD9P` → `7KQ4-M2XD-9P`. */
export function formatJoinCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/** The path a student follows to join; the page normalises whatever form arrives. */
export function joinPath(code: string): string {
  return `/join/${formatJoinCode(code)}`;
}
