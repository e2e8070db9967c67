// Local ESLint rules that hold the layout of lib/ (see README "Where code lives").
import { readFileSync } from "node:fs";
import path from "node:path";
import { folderCycles, importsOf, resolveProjectFile } from "./import-graph.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const SERVER_ONLY = /^\s*import\s+["']server-only["']/m;
const USE_CLIENT = /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use client["']/;
// Server actions ("use server" files) are called from the client by reference, never loaded there.
const USE_SERVER = /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/;
const SERVER_PACKAGES = /^(server-only|@prisma\/|pg$|next\/headers$|node:|fs$|path$)/;

const serverOnlyCache = new Map();
/** The chain of project imports from `file` to a module marked `import "server-only"`, or null. */
function serverOnlyChain(file, seen = new Set()) {
  if (serverOnlyCache.has(file)) return serverOnlyCache.get(file);
  if (seen.has(file)) return null;
  seen.add(file);
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  if (USE_SERVER.test(text)) {
    serverOnlyCache.set(file, null);
    return null;
  }
  let chain = SERVER_ONLY.test(text) ? [file] : null;
  for (const { specifier } of chain ? [] : importsOf(text)) {
    const target = resolveProjectFile(ROOT, file, specifier);
    const rest = target && serverOnlyChain(target, seen);
    if (rest) {
      chain = [file, ...rest];
      break;
    }
  }
  serverOnlyCache.set(file, chain);
  return chain;
}

const clientBoundary = {
  meta: {
    type: "problem",
    docs: { description: "Client modules (\"use client\" files, lib/offline, lib/contracts) import no server-only module." },
    schema: [{ type: "object", properties: { always: { type: "boolean" } }, additionalProperties: false }],
  },
  create(context) {
    const always = context.options[0]?.always ?? false;
    if (!always && !USE_CLIENT.test(context.sourceCode.text)) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== "string") return;
      if (SERVER_PACKAGES.test(specifier)) {
        context.report({ node, message: `A client module may not import "${specifier}" (server only).` });
        return;
      }
      const target = resolveProjectFile(ROOT, context.filename, specifier);
      const chain = target && serverOnlyChain(target);
      if (chain) {
        const via = chain.map((file) => path.relative(ROOT, file)).join(" → ");
        context.report({
          node,
          message: `A client module may not import a server-only module (${via}). Shared types and constants belong in lib/contracts.`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};

const noFolderCycles = {
  meta: {
    type: "problem",
    docs: { description: "No import cycle between the folders of lib/ (type-only imports included)." },
    schema: [],
  },
  create(context) {
    const relative = path.relative(ROOT, context.filename);
    return {
      Program(node) {
        // The file being linted counts as it is now (an editor's unsaved text), the rest as on disk.
        const live = folderCycles(ROOT, "lib", { files: { [relative]: context.sourceCode.text } });
        for (const cycle of live) {
          for (const edge of cycle.edges.filter((candidate) => candidate.startsWith(`${relative} → `))) {
            context.report({
              node,
              message: `Import cycle between folders ${cycle.folders.join(", ")}: ${edge} closes it (all edges: ${cycle.edges.join("; ")}). Move the shared piece down a layer.`,
            });
          }
        }
      },
    };
  },
};

const architecture = { rules: { "client-boundary": clientBoundary, "no-folder-cycles": noFolderCycles } };
export default architecture;
