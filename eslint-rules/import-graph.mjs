// Plain JavaScript so eslint.config.mjs can load it; typed by import-graph.d.mts for the tests.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const SOURCE_FILE = /\.(ts|tsx|mts|mjs)$/;
// `import x from "y"`, `import type {…} from "y"`, `export {…} from "y"`, `import "y"`; then `import("y")`.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /import\(\s*["']([^"']+)["']\s*\)/g;

/** Every module a source text imports: `{ specifier, typeOnly }` (type-only imports vanish at runtime). */
export function importsOf(text) {
  const found = [];
  for (const match of text.matchAll(STATIC_IMPORT)) found.push({ specifier: match[2], typeOnly: Boolean(match[1]) });
  for (const match of text.matchAll(DYNAMIC_IMPORT)) found.push({ specifier: match[1], typeOnly: false });
  return found;
}

/** The project file an "@/…" or relative specifier names, or null for a package. */
export function resolveProjectFile(root, fromFile, specifier) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function listSourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listSourceFiles(full);
    return SOURCE_FILE.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** "lib/review/answer.ts" → "lib/review"; a file directly in `dir` ("lib/errors.ts") is its own unit. */
export function folderOf(dir, relativeFile) {
  const rest = path.relative(dir, relativeFile).split(path.sep);
  return path.join(dir, rest.length > 1 ? rest[0] : rest[0].replace(SOURCE_FILE, ""));
}

/**
 * Cycles between the folders directly under `dir` (relative to `root`): each strongly connected group
 * of two or more folders, with one import for each folder-to-folder edge inside it. Type-only imports
 * count: a folder that needs another's types depends on it as much as one that calls it.
 * @param {{ files?: Record<string, string> }} [options] `files`: texts that replace (or add to) the files on disk, for tests.
 */
export function folderCycles(root, dir, options = {}) {
  const texts = new Map();
  for (const file of listSourceFiles(path.join(root, dir))) texts.set(file, readFileSync(file, "utf8"));
  for (const [relative, text] of Object.entries(options.files ?? {})) texts.set(path.join(root, relative), text);
  const graph = new Map();
  for (const [file, text] of texts) {
    const from = folderOf(dir, path.relative(root, file));
    for (const { specifier } of importsOf(text)) {
      const target = specifier.startsWith("@/") ? path.join(root, specifier.slice(2)) : resolveProjectFile(root, file, specifier);
      if (!target) continue;
      const relativeTarget = path.relative(root, target);
      if (!relativeTarget.startsWith(dir + path.sep)) continue;
      const to = folderOf(dir, relativeTarget);
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from).has(to)) graph.get(from).set(to, `${path.relative(root, file)} → ${specifier}`);
    }
  }
  return stronglyConnectedGroups(graph).map((folders) => ({
    folders,
    edges: folders.flatMap((a) => folders.filter((b) => graph.get(a)?.has(b)).map((b) => graph.get(a).get(b))),
  }));
}

/** Tarjan's algorithm: the groups of two or more nodes that reach each other. */
function stronglyConnectedGroups(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups;
}
