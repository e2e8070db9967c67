import http from "node:http";
import { PEER_ADDRESS_HEADER, PEER_STAMP_INSTALLED } from "./client-ip";

/**
 * Wraps `http.Server#emit` so each "request" event first records `req.socket.remoteAddress` in
 * PEER_ADDRESS_HEADER. Applies to servers already listening (the method is looked up on the
 * prototype at each emit). Idempotent.
 */
export function installPeerAddressStamp(): void {
  const registry = globalThis as Record<symbol, unknown>;
  if (registry[PEER_STAMP_INSTALLED]) return;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "unknown";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
  registry[PEER_STAMP_INSTALLED] = true;
}
