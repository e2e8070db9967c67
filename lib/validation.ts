import type { z } from "zod";
import { ValidationError, type FieldErrors } from "./errors";

/** Field path → messages, e.g. `{ "reviews.3.rating": ["must be 1 to 4"] }`; `_` for the whole input. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  // Unknown keys are the sender's own names ("__proto__", "constructor"): always own properties.
  const add = (key: string, message: string) => {
    if (!Object.hasOwn(fields, key)) Object.defineProperty(fields, key, { value: [], enumerable: true, writable: true, configurable: true });
    fields[key]!.push(message);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      // Each unknown field is named as itself, like any other bad field.
      for (const name of issue.keys) add([...issue.path, name].join("."), "is not a known field");
      continue;
    }
    add(issue.path.length ? issue.path.join(".") : "_", issue.message);
  }
  return fields;
}

const NUL_MESSAGE = "must not contain the NUL character (U+0000)";
const SURROGATE_MESSAGE = "must be valid Unicode text (it has a lone surrogate)";

/** Why the database layer cannot store this text, or null: Postgres refuses U+0000, Prisma lone surrogates. */
export function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return NUL_MESSAGE;
  if (!text.isWellFormed()) return SURROGATE_MESSAGE;
  return null;
}

type PathLink = { key: string; parent: PathLink } | null;

function pathOf(link: PathLink): string {
  const keys: string[] = [];
  for (let node = link; node; node = node.parent) keys.push(node.key);
  return keys.reverse().join(".") || "_";
}

/**
 * The first string (or key) in `root` that the database cannot store, as a field path and a
 * problem, or null. Such text would otherwise pass a schema and fail in the query as a 500.
 * Iterative, each path a link to its parent: a deeply nested input costs linear time and no stack.
 */
export function findUnstorableText(root: unknown): { field: string; problem: string } | null {
  const stack: [unknown, PathLink][] = [[root, null]];
  while (stack.length) {
    const [value, link] = stack.pop()!;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) return { field: pathOf(link), problem };
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) stack.push([value[index], { key: String(index), parent: link }]);
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        const problem = textProblem(key);
        if (problem) return { field: pathOf({ key: key.replaceAll("\u0000", "\\u0000").toWellFormed(), parent: link }), problem };
        stack.push([item, { key, parent: link }]);
      }
    }
  }
  return null;
}

/**
 * Parses with the input's one schema, or throws a ValidationError naming every bad field. Text the
 * database cannot store (U+0000, lone surrogates) is refused first, naming its field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const unstorable = findUnstorableText(input);
  if (unstorable) throw new ValidationError({ [unstorable.field]: [unstorable.problem] });
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsOf(result.error));
  return result.data;
}
