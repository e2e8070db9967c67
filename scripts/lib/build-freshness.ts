import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCE_ROOTS = ["app", "lib", "public", "proxy.ts", "next.config.ts", "package-lock.json", "tsconfig.json"];
const STAMP_FILE = ".next/retain-source-fingerprint";

function* walk(entry: string): Generator<string> {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    yield entry;
    return;
  }
  for (const child of fs.readdirSync(entry).sort()) yield* walk(path.join(entry, child));
}

/** Changes whenever a file the production build is made from changes. */
export function sourceFingerprint(): string {
  const hash = createHash("sha256");
  for (const root of SOURCE_ROOTS) {
    for (const file of walk(root)) hash.update(file).update("\0").update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

/** `npm start` rebuilds when there is no build, or when the sources changed since the last one. */
export function buildIsCurrent(fingerprint: string): boolean {
  return fs.existsSync(".next/BUILD_ID") && fs.existsSync(STAMP_FILE) && fs.readFileSync(STAMP_FILE, "utf8") === fingerprint;
}

export function recordBuild(fingerprint: string) {
  fs.writeFileSync(STAMP_FILE, fingerprint);
}
