import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** One import of one module: where it points and whether it vanishes at runtime (`import type`). */
export interface ModuleImport {
  from: string;
  to: string;
  typeOnly: boolean;
}

const SOURCE_FILE = /\.(ts|tsx)$/;
// `import x from "y"`, `import type {…} from "y"`, `export {…} from "y"`, `import "y"`, `import("y")`.
const STATIC_IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /import\(\s*["']([^"']+)["']\s*\)/g;

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listSourceFiles(full);
    return SOURCE_FILE.test(name) ? [full] : [];
  });
}

/** Resolves "@/lib/x", "./x" and "../x" specifiers to a root-relative path; other packages give null. */
function resolveSpecifier(root: string, fromFile: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return specifier.slice(2);
  if (specifier.startsWith(".")) return path.relative(root, path.resolve(path.dirname(fromFile), specifier));
  return null;
}

/** Every import between project files under `dir` (root-relative paths, extensions dropped). */
export function readImports(root: string, dir: string): ModuleImport[] {
  const imports: ModuleImport[] = [];
  for (const file of listSourceFiles(path.join(root, dir))) {
    const text = readFileSync(file, "utf8");
    const from = path.relative(root, file).replace(SOURCE_FILE, "");
    for (const match of text.matchAll(STATIC_IMPORT)) {
      const to = resolveSpecifier(root, file, match[3]!);
      if (to) imports.push({ from, to: to.replace(SOURCE_FILE, ""), typeOnly: Boolean(match[2]) });
    }
    for (const match of text.matchAll(DYNAMIC_IMPORT)) {
      const to = resolveSpecifier(root, file, match[1]!);
      if (to) imports.push({ from, to: to.replace(SOURCE_FILE, ""), typeOnly: false });
    }
  }
  return imports;
}

/** "lib/review/answer" → "lib/review"; a file directly in `dir` ("lib/errors") is its own unit. */
export function folderOf(dir: string, modulePath: string): string {
  const rest = path.relative(dir, modulePath).split(path.sep);
  return path.join(dir, rest.length > 1 ? rest[0]! : rest[0]!.replace(/\/index$/, ""));
}

/**
 * Cycles between the folders directly under `dir` (each strongly connected group of two or more
 * folders, plus the imports that close it). Type-only imports count: a folder that needs another's
 * types depends on it as much as one that calls it.
 */
export function folderCycles(root: string, dir: string): { folders: string[]; edges: string[] }[] {
  const graph = new Map<string, Map<string, string>>();
  for (const edge of readImports(root, dir)) {
    if (!edge.to.startsWith(dir + "/")) continue;
    const a = folderOf(dir, edge.from);
    const b = folderOf(dir, edge.to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, `${edge.from} → ${edge.to}`);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowLinks.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(node, Math.min(lowLinks.get(node)!, lowLinks.get(next)!));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return groups.map((folders) => ({
    folders,
    edges: folders.flatMap((a) =>
      folders.filter((b) => graph.get(a)?.has(b)).map((b) => graph.get(a)!.get(b)!),
    ),
  }));
}
