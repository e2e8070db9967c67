import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "bench/results/**", "test-results/**", "playwright-report/**", "public/sw.js"],
  },
  {
    files: ["lib/srs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@prisma/*", "next", "next/*", "@/lib/db/*"], message: "lib/srs is pure scheduling: no I/O." }] },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "lib/srs takes `now` as an argument." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "lib/srs takes `now` as an argument." },
      ],
    },
  },
];

export default config;
