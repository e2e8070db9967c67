/**
 * Property-based bad input for the JSON endpoints (fast-check). An endpoint is described by a valid
 * body and, per field, values that must be refused (`invalid`: 400 naming the field) and values that
 * are merely odd (`odd`: any answer but a 5xx). Cases are patches on a fresh valid body, so each one
 * isolates a single problem and the 400 must name exactly that field.
 */
import fc from "fast-check";

export type JsonType = "string" | "integer" | "number" | "boolean" | "array" | "object" | "null";

/** JSON values of every type except `allowed` ones. Integers count as numbers too. */
export function wrongType(...allowed: JsonType[]): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (!allowed.includes("null")) options.push(fc.constant(null));
  if (!allowed.includes("boolean")) options.push(fc.boolean());
  if (!allowed.includes("number") && !allowed.includes("integer"))
    options.push(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (allowed.includes("integer") && !allowed.includes("number"))
    options.push(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)));
  if (!allowed.includes("string"))
    options.push(fc.string({ maxLength: 20 }), fc.constantFrom("1", "3", "true", "null", "2026-01-01T00:00:00Z"));
  if (!allowed.includes("array")) options.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
  if (!allowed.includes("object"))
    options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
  return fc.oneof(...options);
}

/** Strings a careless server chokes on: NUL, lone surrogates, RTL overrides, emoji, markup, SQL. */
export const NASTY_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202egnp.exe",
  "\ufeff",
  "🙂".repeat(30),
  "e\u0301",
  "<script>alert(1)</script>",
  '\'; DROP TABLE "User"; --',
  "${7*7}{{7*7}}",
  "../../etc/passwd",
  "%00",
  "\r\n\r\nHTTP/1.1 200 OK",
  " ",
  "\t",
] as const;

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 1 },
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 3 },
);

/** A string longer than `max` (up to `max + spread`), sometimes much longer. */
export function tooLong(max: number, spread = 2_000): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: max + 1, max: max + spread }).map((length) => "a".repeat(length)),
    fc.constant("é".repeat(max + 1)),
    fc.constant("x".repeat(100_000)),
  );
}

export const DAY_MS = 86_400_000;

/** ISO strings that are not acceptable date-times, or dates far outside any sane window. */
export function badDateTime(validFrom: number, validTo: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "yesterday",
      "",
      "2026-02-30T10:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-01-01",
      "2026-01-01T25:00:00Z",
      "0000-00-00T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999Z",
      "+275760-09-13T00:00:00.000Z",
      "-271821-04-20T00:00:00.000Z",
      "1970-01-01T00:00:00Z",
      "NaN",
      "Infinity",
    ),
    fc
      .date({ min: new Date(-8.64e15), max: new Date(validFrom - DAY_MS), noInvalidDate: true })
      .map((date) => date.toISOString()),
    fc
      .date({ min: new Date(validTo + DAY_MS), max: new Date(8.64e15), noInvalidDate: true })
      .map((date) => date.toISOString()),
  );
}

/** Numbers that no count, rating or limit accepts: negatives, fractions, huge, -0 near the edges. */
export const badNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e308, max: -1e-9 }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 1e21, 0.5, 1.0000001),
);

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

export type FieldSpec = {
  /** Values that must be refused with 400 naming this field. */
  invalid?: fc.Arbitrary<unknown>;
  /** Values that may be accepted or refused, but never crash. */
  odd?: fc.Arbitrary<unknown>;
};

export type Patch =
  | { op: "set"; path: string; value: unknown }
  | { op: "delete"; path: string }
  | { op: "replace"; value: unknown }
  | { op: "raw"; text: string | Uint8Array; contentType: string | null };

export type FuzzCase = {
  kind: "invalid-field" | "missing-field" | "extra-field" | "odd-field" | "not-an-object" | "raw";
  patch: Patch;
  /** "invalid": must be 4xx (400 naming `field`, when given); "any": must not be 5xx. */
  expect: "invalid" | "any";
  field?: string;
};

export type EndpointSpec = {
  fields: Record<string, FieldSpec>;
  required: string[];
  /** Whether unknown fields are refused (zod strictObject) or ignored. */
  strict: boolean;
};

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  // defineProperty, so "__proto__" becomes an own key that JSON.stringify sends.
  Object.defineProperty(node, keys.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
}

function deletePath(target: Record<string, unknown>, path: string): void {
  const keys = path.split(".");
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (Array.isArray(node)) node.splice(Number(keys.at(-1)), 1);
  else delete node[keys.at(-1)!];
}

/** The request body a case makes from a fresh valid body. */
export function applyPatch(
  valid: Record<string, unknown>,
  patch: Patch,
): { json?: unknown; raw?: string | Uint8Array; contentType?: string | null } {
  const body = structuredClone(valid);
  switch (patch.op) {
    case "set":
      setPath(body, patch.path, patch.value);
      return { json: body };
    case "delete":
      deletePath(body, patch.path);
      return { json: body };
    case "replace":
      return { json: patch.value };
    case "raw":
      return { raw: patch.text, contentType: patch.contentType };
  }
}

/** Bodies that are not JSON, not an object, too big, or sent as something else. */
export const rawBodies: fc.Arbitrary<Patch> = fc.oneof(
  fc
    .string({ maxLength: 60 })
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map((text): Patch => ({ op: "raw", text, contentType: "application/json" })),
  fc.constantFrom<Patch>(
    { op: "raw", text: "", contentType: "application/json" },
    { op: "raw", text: "{", contentType: "application/json" },
    { op: "raw", text: '{"rating": NaN}', contentType: "application/json" },
    { op: "raw", text: '{"rating": Infinity}', contentType: "application/json" },
    { op: "raw", text: "{'single': 'quotes'}", contentType: "application/json" },
    { op: "raw", text: '\ufeff{"a":1}', contentType: "application/json" },
    { op: "raw", text: `${"[".repeat(100_000)}${"]".repeat(100_000)}`, contentType: "application/json" },
    { op: "raw", text: `{"a":"${"x".repeat(300_000)}"}`, contentType: "application/json" },
    { op: "raw", text: '{"a":1}', contentType: "text/plain" },
    { op: "raw", text: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
    { op: "raw", text: '{"a":1}', contentType: "multipart/form-data; boundary=x" },
    { op: "raw", text: '{"a":1}', contentType: null },
    { op: "raw", text: '{"a":1}', contentType: "application/xml" },
    { op: "raw", text: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), contentType: "application/json" },
  ),
);

export function casesFor(spec: EndpointSpec): fc.Arbitrary<FuzzCase> {
  const fieldNames = Object.keys(spec.fields);
  const withInvalid = fieldNames.filter((name) => spec.fields[name]!.invalid);
  const withOdd = fieldNames.filter((name) => spec.fields[name]!.odd);
  const options: fc.Arbitrary<FuzzCase>[] = [];
  if (withInvalid.length) {
    options.push(
      fc.constantFrom(...withInvalid).chain((field) =>
        spec.fields[field]!.invalid!.map((value): FuzzCase => ({
          kind: "invalid-field",
          patch: { op: "set", path: field, value },
          expect: "invalid",
          field,
        })),
      ),
    );
  }
  if (spec.required.length) {
    options.push(
      fc.constantFrom(...spec.required).map((field): FuzzCase => ({
        kind: "missing-field",
        patch: { op: "delete", path: field },
        expect: "invalid",
        field,
      })),
    );
  }
  options.push(
    fc
      .tuple(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 12 }),
          fc.constantFrom("__proto__", "constructor", "userId", "role", "id"),
        ),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .filter(([key]) => !fieldNames.includes(key) && !fieldNames.some((name) => name.startsWith(`${key}.`)))
      .map(([key, value]): FuzzCase => ({
        kind: "extra-field",
        patch: { op: "set", path: key.replaceAll(".", "_"), value },
        expect: spec.strict ? "invalid" : "any",
        field: spec.strict ? key.replaceAll(".", "_") : undefined,
      })),
  );
  if (withOdd.length) {
    options.push(
      fc.constantFrom(...withOdd).chain((field) =>
        spec.fields[field]!.odd!.map((value): FuzzCase => ({
          kind: "odd-field",
          patch: { op: "set", path: field, value },
          expect: "any",
        })),
      ),
    );
  }
  options.push(
    fc
      .oneof(
        fc.constant(null),
        fc.integer(),
        fc.string({ maxLength: 10 }),
        fc.boolean(),
        fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
      )
      .map((value): FuzzCase => ({ kind: "not-an-object", patch: { op: "replace", value }, expect: "invalid" })),
  );
  options.push(rawBodies.map((patch): FuzzCase => ({ kind: "raw", patch, expect: "invalid" })));
  return fc.oneof(...options);
}

/** Whether a 400's `error.fields` names `field` (itself or something inside it, or `_` quoting its name). */
export function namesField(fields: Record<string, string[]> | undefined, field: string): boolean {
  if (!fields) return false;
  return Object.entries(fields).some(
    ([key, messages]) =>
      key === field ||
      key.startsWith(`${field}.`) ||
      (key === "_" && (field === "_" || messages.some((message) => message.includes(field)))),
  );
}

/** A short, printable description of a case for failure messages and the report. */
export function describeCase(fuzzCase: FuzzCase): string {
  const value = (v: unknown) => {
    const text = typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
    return text.length > 80 ? `${text.slice(0, 80)}…(${text.length})` : text;
  };
  const { patch } = fuzzCase;
  if (patch.op === "set") return `${fuzzCase.kind} ${patch.path}=${value(patch.value)}`;
  if (patch.op === "delete") return `${fuzzCase.kind} -${patch.path}`;
  if (patch.op === "replace") return `${fuzzCase.kind} body=${value(patch.value)}`;
  const text = typeof patch.text === "string" ? patch.text : `<${patch.text.length} bytes>`;
  return `raw ${patch.contentType ?? "(no type)"} ${value(text)}`;
}
