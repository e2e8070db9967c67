import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import architecture from "./eslint-rules/architecture.mjs";

/** ts-fsrs is lib/srs's business: everything else asks lib/srs. */
const TS_FSRS = { name: "ts-fsrs", message: "Only lib/srs imports ts-fsrs; add what you need to lib/srs's API." };
/** I/O and frameworks, which the pure folders (lib/srs, lib/content, lib/contracts) never touch. */
const IO = ["@prisma/*", "pg", "pg-*", "next", "next/*", "next-auth", "next-auth/*", "react", "react-dom", "server-only", "idb"];
/** Of lib/, a pure folder may use only lib/contracts (plus its own files, imported relatively). */
const OTHER_LIB_FOLDERS = ["@/lib/*", "!@/lib/contracts", "!@/lib/contracts/*"];
/** Exact module names (a pattern "fs" would also match "./fs"). */
const FILE_SYSTEM = ["node:fs", "node:fs/promises", "fs", "fs/promises", "node:child_process", "node:net", "node:http", "node:https"].map(
  (name) => ({ name, message: "No file, process or network I/O here." }),
);
const ACTOR = {
  name: "@/lib/auth/actor",
  importNames: ["actorFromSession"],
  message: "Only the guards in lib/auth make an Actor (tests and benchmarks: tests/support/actors.ts).",
};

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "bench/results/**", "test-results/**", "playwright-report/**", "public/sw.js"],
  },
  { plugins: { architecture } },
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/srs/**", "lib/auth/**", "tests/**", "bench/**", "scripts/**"],
    rules: { "no-restricted-imports": ["error", { paths: [TS_FSRS, ACTOR] }] },
  },
  { files: ["lib/auth/**/*.ts"], rules: { "no-restricted-imports": ["error", { paths: [TS_FSRS] }] } },
  {
    files: ["tests/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    ignores: ["tests/support/**"],
    rules: { "no-restricted-imports": ["error", { paths: [ACTOR] }] },
  },
  {
    files: ["lib/srs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: FILE_SYSTEM, patterns: [{ group: [...IO, ...OTHER_LIB_FOLDERS], message: "lib/srs is pure scheduling: no I/O." }] },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "lib/srs takes `now` as an argument." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "lib/srs takes `now` as an argument." },
      ],
    },
  },
  {
    files: ["lib/content/**/*.ts"],
    ignores: ["lib/content/fs.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [TS_FSRS, ...FILE_SYSTEM],
          patterns: [
            {
              group: [...IO, ...OTHER_LIB_FOLDERS],
              message: "lib/content is a pure compiler: files are read only through lib/content/fs.ts, and no database or framework.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/contracts/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: FILE_SYSTEM,
          patterns: [{ group: [...IO, "@/lib/*", "zod", "ts-fsrs"], message: "lib/contracts is dependency-free: device and server both load it." }],
        },
      ],
    },
  },
  // Client modules: "use client" files anywhere (detected by the directive), and lib/offline and
  // lib/contracts always (the device loads them).
  { files: ["**/*.ts", "**/*.tsx"], rules: { "architecture/client-boundary": "error" } },
  { files: ["lib/offline/**/*.ts", "lib/contracts/**/*.ts"], rules: { "architecture/client-boundary": ["error", { always: true }] } },
  { files: ["lib/**/*.ts", "lib/**/*.tsx"], rules: { "architecture/no-folder-cycles": "error" } },
];

export default config;
