/**
 * Runs once when the server starts. Stamps every incoming request with the address of its TCP peer
 * (lib/http/client-ip.ts reads it), because Next.js hands route handlers no socket and keeps a
 * client's own `X-Forwarded-For` as it is. The header is overwritten on every request, so a client
 * cannot supply it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerAddressStamp } = await import("./lib/http/peer-address");
  installPeerAddressStamp();
}
