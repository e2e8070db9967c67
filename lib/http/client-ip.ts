/**
 * The client's IP address for throttling. Only the TCP peer's address is a fact; `X-Forwarded-For`
 * is believed only as far as `TRUSTED_PROXIES` says (lib/net/trusted-proxies.ts). Without that
 * setting a client cannot choose its own address by sending the header, so the per-address limits
 * (sign-in, sign-up, joining a class) cannot be dodged by rotating it.
 *
 * Next.js does not give route handlers the socket, and it fills `X-Forwarded-For` from the socket
 * only when the client sent none: instrumentation.ts therefore stamps every request with its peer
 * address in PEER_ADDRESS_HEADER (overwriting whatever the client sent under that name).
 */
import { isIP } from "node:net";
import { normaliseAddress, parseTrustedProxies, resolveClientAddress, type TrustedProxies } from "@/lib/net/trusted-proxies";

export const PEER_ADDRESS_HEADER = "x-retain-peer-address";
/** Set on globalThis by instrumentation.ts once the peer stamp is in place. */
export const PEER_STAMP_INSTALLED = Symbol.for("retain.peer-address-stamp");

let trusted: TrustedProxies | undefined;

function trustedProxies(): TrustedProxies {
  if (!trusted) {
    const parsed = parseTrustedProxies(process.env.TRUSTED_PROXIES);
    // lib/env.ts refuses a malformed value at startup; trust nothing if one slips through.
    trusted = "error" in parsed ? { kind: "none" } : parsed;
  }
  return trusted;
}

function peerAddress(headers: Headers): string {
  const stamped = (globalThis as Record<symbol, unknown>)[PEER_STAMP_INSTALLED] === true;
  if (stamped) return headers.get(PEER_ADDRESS_HEADER) ?? "unknown";
  // Without the stamp (not running under `next start`): Next's own fill-in, the last hop it has.
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}

/** Whether the request came straight from a proxy that TRUSTED_PROXIES names (so its X-Forwarded-* headers may be read). */
export function isFromTrustedProxy(headers: Headers, trust: TrustedProxies = trustedProxies()): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return true;
  const peer = normaliseAddress(peerAddress(headers));
  const family = isIP(peer);
  return family !== 0 && trust.list.check(peer, family === 4 ? "ipv4" : "ipv6");
}

export function clientIp(headers: Headers, trust: TrustedProxies = trustedProxies()): string {
  return resolveClientAddress(peerAddress(headers), headers.get("x-forwarded-for"), trust).slice(0, 64) || "unknown";
}
