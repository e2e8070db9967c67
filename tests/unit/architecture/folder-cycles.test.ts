import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { folderCycles } from "@/eslint-rules/import-graph.mjs";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("folders of lib/", () => {
  it("import one another without a cycle (type-only imports included)", () => {
    expect(folderCycles(root, "lib")).toEqual([]);
  });

  it("a cycle is found and named by the imports that close it", () => {
    // lib/srs is imported by lib/review; one import back closes a cycle.
    const files = { "lib/srs/loop.ts": 'import type { Actor } from "@/lib/review/answer";\n' };
    const cycles = folderCycles(root, "lib", { files });
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.folders).toEqual(expect.arrayContaining(["lib/review", "lib/srs"]));
    expect(cycles[0]!.edges).toContain("lib/srs/loop.ts → @/lib/review/answer");
  });
});
