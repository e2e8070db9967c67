/**
 * The client's IP address for throttling: the first hop of `X-Forwarded-For`, which `next start`
 * fills in from the socket when the request arrives without one.
 *
 * Trust assumption: in production Retain runs behind a reverse proxy that REPLACES the header with
 * the address it saw (nginx: `proxy_set_header X-Forwarded-For $remote_addr;`). Exposed directly, a
 * client can send its own header and spread attempts over invented addresses; the per-account
 * sign-in limit still holds then, only the per-IP limits weaken. See docs/ACCOUNTS.md.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  // One client, one key: "::ffff:127.0.0.1" and "127.0.0.1" are the same IPv4 client.
  return address
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "")
    .toLowerCase()
    .slice(0, 64);
}
