import { readdirSync, readFileSync, statSync } from "node:fs";
import { posix } from "node:path";

/** The only file access the compiler does, so tests can compile in-memory variants of a fixture. */
export interface ContentFs {
  /** The file's text, or undefined when it does not exist. */
  readText(path: string): string | undefined;
  /** Names of the entries in a directory, sorted; empty when it does not exist. */
  list(dir: string): { name: string; isDirectory: boolean }[];
}

export const nodeContentFs: ContentFs = {
  readText(path) {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir, { withFileTypes: true })
        .map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() || isDirectoryLink(dir, entry) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  },
};

/** A file tree held in memory, keyed by '/'-separated paths. */
export function memoryContentFs(files: Record<string, string>): ContentFs {
  const normalized = new Map(Object.entries(files).map(([path, text]) => [posix.normalize(path), text]));
  return {
    readText: (path) => normalized.get(posix.normalize(path)),
    list(dir) {
      const prefix = `${posix.normalize(dir).replace(/\/$/, "")}/`;
      const entries = new Map<string, boolean>();
      for (const path of normalized.keys()) {
        if (!path.startsWith(prefix)) continue;
        const [name, ...rest] = path.slice(prefix.length).split("/");
        if (name) entries.set(name, (entries.get(name) ?? false) || rest.length > 0);
      }
      return [...entries]
        .map(([name, isDirectory]) => ({ name, isDirectory }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function isDirectoryLink(dir: string, entry: { name: string; isSymbolicLink(): boolean }): boolean {
  return entry.isSymbolicLink() && statSync(`${dir}/${entry.name}`).isDirectory();
}
