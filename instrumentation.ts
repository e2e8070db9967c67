/**
 * Runs once when a server process starts (Next.js instrumentation hook):
 * - client hang-ups mid-body are logged as one line, not as unhandled errors (lib/http/client-abort.ts);
 * - every incoming request is stamped with the address of its TCP peer (lib/http/client-ip.ts reads it),
 *   because Next.js hands route handlers no socket and keeps a client's own `X-Forwarded-For` as it is.
 *   The header is overwritten on every request, so a client cannot supply it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { quietClientAborts } = await import("./lib/http/client-abort");
  quietClientAborts(console);
  const { installPeerAddressStamp } = await import("./lib/http/peer-address");
  installPeerAddressStamp();
}
