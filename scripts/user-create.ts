/**
 * `npm run user:create -- --email ada@example.edu --role instructor [--password p] [--name "Ada L"]`
 *
 * Creates the account, or gives an existing one the role (and the password and name, when given).
 * Without --password a new account gets a generated password, printed once. Uses DATABASE_URL when
 * set, otherwise the embedded database in .data/ (the running one while `npm start` runs).
 */
import { parseArgs } from "node:util";
import { db } from "@/lib/db/client";
import { provisionUser } from "@/lib/accounts/users";
import { ValidationError } from "@/lib/errors";
import { migrateDeploy, openLocalDatabase } from "./lib/local-database";

const USAGE = "Usage: npm run user:create -- --email <email> --role <student|instructor|admin> [--password <password>] [--name <name>]";

let options: { email?: string; role?: string; password?: string; name?: string; help?: boolean };
try {
  options = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (options.help || !options.email || !options.role) {
  console.error(USAGE);
  process.exit(options.help ? 0 : 2);
}

const database = await openLocalDatabase();
process.env.DATABASE_URL = database.url;
// lib/env validates the whole app environment; this command signs no sessions, so any secret will do.
process.env.NEXTAUTH_SECRET ??= `unused-by-user-create-${crypto.randomUUID()}`;

let exitCode = 0;
try {
  if (database.embedded) await migrateDeploy(database.url);
  const { user, created, generatedPassword } = await provisionUser({
    email: options.email,
    role: options.role,
    password: options.password,
    name: options.name,
  });
  console.log(`${created ? "Created" : "Updated"} ${user.email} (${user.name}) as ${user.role}.`);
  if (generatedPassword) console.log(`Password (shown once, not stored anywhere): ${generatedPassword}`);
  else if (!created && !options.password) console.log("Password unchanged.");
  if (!created) console.log("Their existing sessions have ended if the role or password changed.");
} catch (error) {
  exitCode = 1;
  if (error instanceof ValidationError) {
    for (const [field, problems] of Object.entries(error.fields)) console.error(`--${field} ${problems.join("; ")}`);
  } else {
    console.error(error);
  }
} finally {
  await db().$disconnect();
  await database.stop();
}
process.exit(exitCode);
