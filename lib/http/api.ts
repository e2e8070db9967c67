import "server-only";
import { Prisma } from "@prisma/client";
import { rawStatementCause } from "@/lib/db/raw";
import { AppError, ServiceUnavailableError, TooManyRequestsError, ValidationError, ConflictError, ForbiddenError } from "@/lib/errors";
import { findUnstorableText, textProblem } from "@/lib/validation";
import { CLIENT_ABORT_LOG_LINE, isClientAbort } from "./client-abort";
import { isCrossSiteWrite } from "./same-origin";

/** Dynamic segments: one string each, or a list for catch-all segments like `[...nextauth]`. */
export type RouteParams = Record<string, string | string[]>;
export type RouteContext<P extends RouteParams = Record<string, string>> = { params: Promise<P> };

const MAX_JSON_BYTES = 256 * 1024;
/** CSRF: lib/http/same-origin.ts. */
function assertSameOrigin(request: Request) {
  if (isCrossSiteWrite(request)) throw new ForbiddenError("Cross-site request refused.");
}

/** Reads a JSON body: 415 for another content type, 413 when too large, 400 when malformed or holding text the database cannot store. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("Send the body as application/json.", 415, "unsupported_media_type");
  }
  const text = await readCappedText(request, MAX_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError({ _: ["is not valid JSON"] }, "The body is not valid JSON.");
  }
  const bad = findUnstorableText(value);
  if (bad) throw new ValidationError({ [bad.field]: [bad.problem] });
  return value;
}

function payloadTooLarge() {
  return new AppError(`The body is larger than ${MAX_JSON_BYTES / 1024} KB.`, 413, "payload_too_large");
}

/**
 * The body as text, refused with 413 as soon as it passes `limit` bytes (by its Content-Length, or
 * while streaming), so an oversized upload is never buffered whole.
 */
async function readCappedText(request: Request, limit: number): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw payloadTooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Path segments (`[slug]`, `[id]`) and query parameters with such text: 400 naming them, before any query runs. */
async function assertStorableUrl(request: Request, context: RouteContext<RouteParams> | undefined) {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of Object.entries((await context?.params) ?? {})) {
    for (const part of Array.isArray(value) ? value : [value]) {
      const problem = typeof part === "string" ? textProblem(part) : null;
      if (problem) fields[name] = [problem];
    }
  }
  for (const [name, value] of new URL(request.url).searchParams) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) fields[name.replaceAll("\u0000", "\\u0000").toWellFormed()] = [problem];
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (["P1001", "P1002", "P1008", "P1017", "P2024"].includes(error.code)) return true;
    // A raw statement's failure is P2010 whatever its cause; the driver's error tells a lost database
    // (a connection error, or PostgreSQL's classes 08 and 57P: connection lost, shutting down) apart.
    const cause = rawStatementCause(error);
    if (!cause) return false;
    if (["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"].includes(cause.kind ?? "")) return true;
    if (/^(08|57P0)/.test(cause.originalCode ?? "")) return true;
  }
  const message = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : "";
  return /ECONNREFUSED|ECONNRESET|Connection terminated|is not queryable|connection timeout|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode|not (yet )?accepting connections)|sorry, too many clients|terminating connection/i.test(
    message,
  );
}

export function errorResponse(error: unknown, request?: Request): Response {
  if (isClientAbort(error, request)) {
    // Nobody reads this answer; 499 (nginx's "client closed request") keeps it apart from server faults.
    console.warn(CLIENT_ABORT_LOG_LINE);
    return Response.json({ error: { code: "client_closed_request", message: "The client closed the request." } }, { status: 499 });
  }
  const appError =
    error instanceof AppError ? error : isDatabaseUnavailable(error) ? new ServiceUnavailableError() : undefined;
  if (!appError) {
    console.error("Unhandled error in route handler", error);
    return Response.json({ error: { code: "internal", message: "Something went wrong." } }, { status: 500 });
  }
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (appError instanceof TooManyRequestsError) headers.set("Retry-After", String(appError.retryAfterSeconds));
  if (appError instanceof ServiceUnavailableError) headers.set("Retry-After", "5");
  const body: Record<string, unknown> = { code: appError.code, message: appError.message };
  if (appError instanceof ValidationError) body.fields = appError.fields;
  if (appError instanceof ConflictError && appError.details !== undefined) body.details = appError.details;
  return Response.json({ error: body }, { status: appError.status, headers });
}

/**
 * Wraps a route handler: same-origin check for writes, typed errors to 4xx/503, JSON out. The handler
 * itself must still call the auth guards and validate its input.
 */
export function apiRoute<P extends RouteParams = Record<string, string>>(
  handler: (request: Request, context: RouteContext<P>) => Promise<Response | unknown>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      assertSameOrigin(request);
      await assertStorableUrl(request, context as RouteContext<RouteParams> | undefined);
      const result = await handler(request, context);
      if (result instanceof Response) return result;
      return Response.json(result, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}
