import { describe, expect, test, vi } from "vitest";
import { CLIENT_ABORT_LOG_LINE, isClientAbort, quietClientAborts } from "@/lib/http/client-abort";

/** What Node's IncomingMessage fails its body with when the client hangs up. */
function hangUp(): Error {
  return Object.assign(new Error("aborted"), { code: "ECONNRESET" });
}

describe("a client hanging up mid-body", () => {
  test("is told apart from server faults", () => {
    expect(isClientAbort(hangUp())).toBe(true);
    expect(isClientAbort(new Error("aborted"))).toBe(false);
    expect(isClientAbort(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(false);
    expect(isClientAbort("aborted")).toBe(false);
    const controller = new AbortController();
    const request = new Request("http://localhost/api/review", { method: "POST", signal: controller.signal });
    const abortError = new DOMException("The operation was aborted.", "AbortError");
    expect(isClientAbort(abortError, request)).toBe(false);
    controller.abort();
    expect(isClientAbort(abortError, request)).toBe(true);
    expect(isClientAbort(new Error("database gone"), request)).toBe(false);
  });

  test("is logged as one line, not as an error; other errors still are", () => {
    const target = { error: vi.fn(), warn: vi.fn() };
    const { error } = target;
    quietClientAborts(target);
    target.error(hangUp());
    expect(error).not.toHaveBeenCalled();
    expect(target.warn).toHaveBeenCalledWith(CLIENT_ABORT_LOG_LINE);
    const fault = new Error("boom");
    target.error("Unhandled error in route handler", fault);
    expect(error).toHaveBeenCalledWith("Unhandled error in route handler", fault);
  });
});
