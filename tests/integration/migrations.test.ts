import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";

function migrateDiff(schemaPath: string) {
  // Exit 1 is the CLI failing (e.g. a shadow database that could not be created on a loaded machine), not a
  // verdict: try once more before judging. 0 means no drift, 2 means drift.
  const first = runDiff(schemaPath);
  return first.status === 1 ? runDiff(schemaPath) : first;
}

function runDiff(schemaPath: string) {
  return spawnSync(
    "node_modules/.bin/prisma",
    ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", schemaPath, "--exit-code"],
    { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
  );
}

test("the migrations produce exactly schema.prisma (no drift)", () => {
  const result = migrateDiff("prisma/schema.prisma");
  expect(result.stdout + result.stderr).toContain("No difference detected");
  expect(result.status).toBe(0);
});

test("the drift check notices a schema edit that has no migration", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-drift-"));
  const edited = path.join(dir, "schema.prisma");
  const schema = fs.readFileSync("prisma/schema.prisma", "utf8");
  fs.writeFileSync(edited, schema.replace("model User {", "model User {\n  nickname String?"));
  const result = migrateDiff(edited);
  expect(result.status).toBe(2);
  expect(result.stdout).toMatch(/nickname/);
});
