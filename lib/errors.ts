/**
 * Typed errors that every layer throws and the HTTP layer maps to a status code. Messages are safe to
 * show to the user; they never carry internals.
 */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401: not signed in (or the session is no longer valid). */
export class UnauthorizedError extends AppError {
  constructor(message = "Sign in to continue.") {
    super(message, 401, "unauthorized");
  }
}

/** 403: signed in, but not allowed to do this. */
export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this.") {
    super(message, 403, "forbidden");
  }
}

/** 404: absent, or the caller must not even learn that it exists. */
export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super(message, 404, "not_found");
  }
}

/** 400: input that fails its schema; `fields` names every bad field. */
export class ValidationError extends AppError {
  constructor(
    readonly fields: FieldErrors,
    message = `Invalid input: ${Object.entries(fields)
      .map(([field, problems]) => `${field} ${problems[0] ?? "is invalid"}`)
      .join("; ")}`,
  ) {
    super(message, 400, "invalid_input");
  }
}

/** 409: the request conflicts with the current state (stale version, duplicate). */
export class ConflictError extends AppError {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message, 409, "conflict");
  }
}

/** 429: throttled; retry after the given number of seconds. */
export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many attempts. Try again later.",
  ) {
    super(message, 429, "too_many_requests");
  }
}

/** 503: a dependency (the database) is unavailable; the client may retry. */
export class ServiceUnavailableError extends AppError {
  constructor(message = "The service is temporarily unavailable. Try again shortly.") {
    super(message, 503, "unavailable");
  }
}
