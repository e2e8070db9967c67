import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./scripts/lib/migrate-adapter";

// The JS schema engine needs no downloaded binary; DATABASE_URL is set by scripts/with-database.ts
// (embedded Postgres) or by whoever runs the CLI against an external database.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: run Prisma through `npm run db -- <command>`.");
    return migrationAdapter(url);
  },
});
