/**
 * A client that hangs up before its request body has arrived (a phone losing its connection, a tab
 * closed mid-upload) makes Node fail the body stream with `Error: aborted` (code ECONNRESET). That is
 * not a server fault: nobody is left to answer, and logging it as an error buries real faults.
 * No `server-only` import: instrumentation.ts loads this at server start.
 */
export function isClientAbort(error: unknown, request?: Request): boolean {
  if (!(error instanceof Error)) return false;
  // A read cancelled because the request's signal fired (the client went away), not a fault of ours.
  if (error.name === "AbortError" && request?.signal?.aborted) return true;
  return error.message === "aborted" && (error as { code?: unknown }).code === "ECONNRESET";
}

export const CLIENT_ABORT_LOG_LINE = "Client closed the connection before its request body arrived; request dropped.";

/**
 * Next's router logs a request's failure with console.error before our handlers run (its proxy
 * buffers the body, and the hang-up fails that): one line for a hang-up instead of an error's stack.
 */
export function quietClientAborts(target: Pick<Console, "error" | "warn">): void {
  const error = target.error.bind(target);
  const warn = target.warn.bind(target);
  target.error = (...args: unknown[]) => {
    if (args.some((arg) => isClientAbort(arg))) warn(CLIENT_ABORT_LOG_LINE);
    else error(...args);
  };
}
