import { describe, expect, test } from "vitest";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const schema = z.strictObject({ name: z.string().min(1, "is required"), nested: z.strictObject({ count: z.int() }).optional() });

function fieldsOf(input: unknown): Record<string, string[]> {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("parseInput field errors", () => {
  test("each unknown field is named as itself, nested ones by path", () => {
    expect(fieldsOf({ name: "a", role: "admin", nested: { count: 1, extra: true } })).toEqual({
      role: ["is not a known field"],
      "nested.extra": ["is not a known field"],
    });
  });

  test("unknown fields named like Object.prototype members are plain own fields", () => {
    const fields = fieldsOf(JSON.parse('{"name":"a","__proto__":[1],"constructor":{"x":1},"toString":2}'));
    expect(Object.keys(fields).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(fields["constructor"]).toEqual(["is not a known field"]);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(fields))).toHaveProperty(["__proto__"]);
  });

  test("known fields keep their messages; the whole input is `_`", () => {
    expect(fieldsOf({ name: "" })).toEqual({ name: ["is required"] });
    expect(Object.keys(fieldsOf("text"))).toEqual(["_"]);
  });
});
