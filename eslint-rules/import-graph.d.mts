export type FolderCycle = { folders: string[]; edges: string[] };
export function importsOf(text: string): { specifier: string; typeOnly: boolean }[];
export function resolveProjectFile(root: string, fromFile: string, specifier: string): string | null;
export function folderOf(dir: string, relativeFile: string): string;
export function folderCycles(root: string, dir: string, options?: { files?: Record<string, string> }): FolderCycle[];
