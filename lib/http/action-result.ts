import "server-only";
import { forbidden, notFound, unauthorized } from "next/navigation";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ValidationError,
  type FieldErrors,
} from "@/lib/errors";
import type { ActionError } from "./action-state";
import { isDatabaseUnavailable } from "./api";

/**
 * For server actions: turns a typed error into the form's error state (message plus the fields to
 * mark). Anything else is rethrown, Next's redirect() and notFound() included, so they still work
 * and real bugs still reach the error boundary.
 */
export function actionError(error: unknown): ActionError {
  const appError =
    error instanceof AppError ? error : isDatabaseUnavailable(error) ? new ServiceUnavailableError() : undefined;
  if (!appError) throw error;
  const state: ActionError = { status: "error", code: appError.code, message: appError.message };
  if (appError instanceof ValidationError) state.fields = appError.fields;
  if (appError instanceof ConflictError) state.fields = fieldsOf(appError.details);
  if (appError instanceof TooManyRequestsError) state.retryAfterSeconds = appError.retryAfterSeconds;
  return state;
}

function fieldsOf(details: unknown): FieldErrors | undefined {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  return fields && typeof fields === "object" ? (fields as FieldErrors) : undefined;
}

/** A FormData as a plain object for a schema; Next's own `$ACTION…` fields are left out. */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && !name.startsWith("$ACTION")) fields[name] = value;
  }
  return fields;
}

/**
 * For server actions that return nothing (buttons without a form state): a refusal by the guards
 * becomes Next's 401/403/404 answer instead of an unhandled error (a 500).
 *
 *   export async function rotateCodeAction(classId: string) {
 *     await refusalsAsStatus(async () => { ... });
 *   }
 */
export async function refusalsAsStatus(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UnauthorizedError) unauthorized();
    if (error instanceof ForbiddenError) forbidden();
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
