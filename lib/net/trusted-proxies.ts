/**
 * `TRUSTED_PROXIES`: which forwarded-for headers Retain may believe. Without it, the client is the
 * TCP peer (the socket's address) and `X-Forwarded-For` is ignored, since any client can write it.
 *
 * - A hop count, e.g. `1`: that many proxies stand in front of Retain, each appending the address
 *   it saw; the client is that many hops back along `X-Forwarded-For` from the peer.
 * - A comma-separated list of addresses and CIDR ranges, e.g. `10.0.0.0/8, 192.0.2.7, ::1`: walking
 *   back from the peer, every address in the list is a proxy; the first one that is not is the client.
 *
 * No dependencies beyond node:net: lib/env.ts validates it at startup with the same parser.
 */
import { BlockList, isIP } from "node:net";

export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: BlockList };

/** The parsed setting, or a message naming what is wrong with it. */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies | { error: string } {
  const value = raw?.trim() ?? "";
  if (value === "") return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 10 ? { kind: "hops", hops } : { error: "as a hop count must be 1 to 10" };
  }
  const list = new BlockList();
  for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (!family || extra !== undefined) return { error: `has "${entry}", which is not an IP address or CIDR range` };
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = /^\d+$/.test(prefix) ? Number(prefix) : NaN;
    if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128))) return { error: `has "${entry}", whose prefix length is out of range` };
    list.addSubnet(address, bits, type);
  }
  return { kind: "list", list };
}

/** One client, one form: "::ffff:127.0.0.1" and "127.0.0.1" are the same IPv4 client. */
export function normaliseAddress(address: string): string {
  return address
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "")
    .toLowerCase();
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address given the TCP peer and the `X-Forwarded-For` header. Entries a proxy could
 * not have written (not IP addresses) end the walk: what lies beyond them is the client's own text.
 */
export function resolveClientAddress(peer: string, forwardedFor: string | null, trust: TrustedProxies): string {
  const chain = [normaliseAddress(peer)];
  if (trust.kind === "none") return chain[0]!;
  const forwarded = (forwardedFor ?? "").split(",").map(normaliseAddress).filter(Boolean);
  // Nearest first: the peer, then the address the nearest proxy saw, and so on back to the client.
  chain.push(...forwarded.reverse());
  if (trust.kind === "hops") {
    const index = Math.min(trust.hops, chain.length - 1);
    for (let hop = 1; hop <= index; hop += 1) if (!isIP(chain[hop]!)) return chain[hop - 1]!;
    return chain[index]!;
  }
  let index = 0;
  while (index < chain.length - 1 && isTrusted(trust.list, chain[index]!)) {
    if (!isIP(chain[index + 1]!)) break;
    index += 1;
  }
  return chain[index]!;
}
