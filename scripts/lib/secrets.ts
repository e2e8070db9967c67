import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DATA_DIR } from "./local-database";

/**
 * The session-signing secret. A local install (embedded database) or a development server generates
 * one once and keeps it in `.data/`; a production server on an external database must be given one.
 */
export function resolveAuthSecret(options: { localMode: boolean; dev: boolean }): string | undefined {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  if (!options.localMode && !options.dev) return undefined;
  const file = path.join(DATA_DIR, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
