import type { z } from "zod";
import { ValidationError, type FieldErrors } from "./errors";

/** Field path → messages, e.g. `{ "reviews.3.rating": ["must be 1 to 4"] }`; `_` for the whole input. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses with the input's one schema, or throws a ValidationError naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsOf(result.error));
  return result.data;
}
