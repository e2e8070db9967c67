import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sessionCookieOptions, usesSecureCookies } from "./session-cookie";

/**
 * OWASP's "device cookie": a browser that has signed in to an account before gets a signed cookie
 * naming that account (by a keyed hash, not the email). Sign-in attempts carrying a valid one are
 * counted against that device's own allowance, so an attacker guessing from elsewhere cannot slow
 * or lock out the account's owner on their usual phone. Value: `<nonce>.<account tag>.<signature>`.
 */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function deviceCookieName(): string {
  return usesSecureCookies() ? "__Secure-retain.device" : "retain.device";
}

function secret(): string {
  const value = process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("NEXTAUTH_SECRET is not set");
  return value;
}

const mac = (purpose: string, text: string) => createHmac("sha256", secret()).update(`${purpose}\u001f${text}`).digest("base64url");

function accountTag(email: string): string {
  return mac("device-account", email).slice(0, 22);
}

/** A fresh device cookie's value for an account (by its normalised email). */
export function newDeviceCookieValue(email: string): string {
  const payload = `${randomBytes(12).toString("base64url")}.${accountTag(email)}`;
  return `${payload}.${mac("device-cookie", payload)}`;
}

/** The device's id when `value` is a genuine device cookie for this account; otherwise null. */
export function trustedDeviceId(value: string | undefined, email: string): string | null {
  const [nonce, tag, signature, extra] = (value ?? "").split(".");
  if (!nonce || !tag || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac("device-cookie", `${nonce}.${tag}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return tag === accountTag(email) ? nonce : null;
}

/** The Set-Cookie header line for a new device cookie. */
export function deviceCookieHeader(email: string): string {
  const { secure } = sessionCookieOptions();
  return [
    `${deviceCookieName()}=${newDeviceCookieValue(email)}`,
    "Path=/api/auth",
    `Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** The device cookie's value in a request's Cookie header. */
export function deviceCookieFrom(headers: Headers): string | undefined {
  const name = deviceCookieName();
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
