import { describe, expect, test } from "vitest";
import { csvField, neutraliseFormula, safeFilename, toCsv } from "@/lib/classes/csv";

describe("CSV", () => {
  test("RFC 4180 quoting and CRLF, with a BOM: every text cell quoted, numbers bare", () => {
    expect(toCsv([["a", "b,c"], ['say "hi"', "two\nlines"], [1, null]])).toBe('\uFEFF"a","b,c"\r\n"say ""hi""","two\nlines"\r\n1,\r\n');
  });

  test("a formula after a delimiter Excel may split on is neutralised too", () => {
    expect(csvField("Bob;=1+2;x")).toBe(`"Bob;'=1+2;x"`);
    expect(csvField("a,@SUM(A1)|+1\t-2")).toBe(`"a,'@SUM(A1)|'+1\t'-2"`);
    expect(csvField("Rock; roll")).toBe(`"Rock; roll"`);
  });

  test("bidi overrides and isolates are removed from text", () => {
    expect(csvField("Eve\u202Egnp.exe")).toBe(`"Evegnp.exe"`);
    expect(csvField("\u2067=1+1\u2069")).toBe(`"'=1+1"`);
  });

  test("formula-looking text gets a leading apostrophe, numbers do not", () => {
    for (const text of ["=1+1", "+44 20", "-x", "@SUM(A1)", "\tx", "\rx"]) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ["Ada", " =1", "1-2", "a@b.c"]) expect(neutraliseFormula(text)).toBe(text);
    expect(csvField(-5)).toBe("-5");
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField("\rx")).toBe(`"'\rx"`);
  });

  test("filenames are plain ASCII", () => {
    expect(safeFilename('Bio 101: "Fall" Ünïcode/..\\', "csv")).toBe("bio-101-fall-unicode.csv");
    expect(safeFilename("日本語", "csv")).toBe("class.csv");
    expect(safeFilename("x".repeat(200), "csv")).toHaveLength(64);
  });
});
