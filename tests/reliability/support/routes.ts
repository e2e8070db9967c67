/**
 * What the app has, read from the source tree at test time: route handlers and their methods, pages,
 * and server actions. The matrix tests compare these lists with tests/reliability/matrix.ts.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(".");

function walk(dir: string, accept: (file: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      walk(full, accept, out);
    } else if (accept(full)) out.push(full);
  }
  return out;
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Exported HTTP method handlers of a route file (`export const GET =`, `export async function POST`, `export { GET }`). */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const method of HTTP_METHODS) {
    const declared = new RegExp(`export\\s+(?:const|let|var|(?:async\\s+)?function)\\s+${method}\\b`);
    const listed = new RegExp(`export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`);
    if (declared.test(source) || listed.test(source)) found.add(method);
  }
  return [...found];
}

export type RouteFile = { file: string; methods: string[] };

export function routeFiles(): RouteFile[] {
  return walk(path.join(ROOT, "app/api"), (file) => /[\\/]route\.(ts|tsx|js)$/.test(file))
    .map((file) => ({ file: relative(file), methods: exportedMethods(fs.readFileSync(file, "utf8")) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export function pageFiles(): string[] {
  return walk(path.join(ROOT, "app"), (file) => /[\\/]page\.(tsx|ts|jsx|js)$/.test(file))
    .map(relative)
    .sort();
}

/** `"use server"` files under app/ and lib/ and their exported functions, as "file#name". */
export function serverActions(): string[] {
  const files = [
    ...walk(path.join(ROOT, "app"), (file) => /\.(ts|tsx)$/.test(file)),
    ...walk(path.join(ROOT, "lib"), (file) => /\.(ts|tsx)$/.test(file)),
  ];
  const actions: string[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    if (!/^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*["']use server["']/.test(source)) continue;
    for (const match of source.matchAll(
      /export\s+(?:async\s+)?function\s+([A-Za-z0-9_$]+)|export\s+const\s+([A-Za-z0-9_$]+)\s*=/g,
    )) {
      actions.push(`${relative(file)}#${match[1] ?? match[2]}`);
    }
  }
  return actions.sort();
}
