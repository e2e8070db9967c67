/**
 * Development convenience: on a local install (embedded database) the first start creates a demo
 * student and a demo instructor and prints how to sign in; later starts print the same lines again
 * from `.data/demo-accounts.json`. Never runs against an external DATABASE_URL.
 */
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db/client";
import { generatePassword, provisionUser } from "@/lib/accounts/users";
import { DATA_DIR } from "./local-database";
import type { StartupContext } from "./startup-context";

type DemoAccount = { email: string; password: string; role: "student" | "instructor"; name: string };

export const DEMO_ACCOUNTS_FILE = path.join(DATA_DIR, "demo-accounts.json");

const DEMO_PEOPLE = [
  { email: "demo.student@retain.test", role: "student", name: "Demo Student" },
  { email: "demo.instructor@retain.test", role: "instructor", name: "Demo Instructor" },
] as const;

function readSaved(file: string): DemoAccount[] | null {
  if (!fs.existsSync(file)) return null;
  try {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { accounts?: DemoAccount[] };
    return Array.isArray(saved.accounts) ? saved.accounts : null;
  } catch {
    return null;
  }
}

/**
 * Creates the demo accounts that are missing (with the saved password when there is one, so a
 * wiped database gets the same credentials back) and prints them. Accounts that exist are left alone.
 */
export async function ensureDemoAccounts(context: StartupContext, file = DEMO_ACCOUNTS_FILE): Promise<DemoAccount[]> {
  if (!context.localMode) return [];
  const saved = readSaved(file);
  const accounts: DemoAccount[] = DEMO_PEOPLE.map((person) => ({
    ...person,
    password: saved?.find((account) => account.email === person.email)?.password ?? generatePassword(),
  }));

  for (const account of accounts) {
    const exists = await db().user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (!exists) await provisionUser(account);
  }
  if (!saved || saved.length !== accounts.length) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ accounts }, null, 2)}\n`, { mode: 0o600 });
  }

  console.log(
    [
      "",
      `Demo accounts (local install only; kept in ${path.relative(process.cwd(), file)}):`,
      ...accounts.map((account) => `  ${account.role.padEnd(10)} ${account.email}  password: ${account.password}`),
      `Sign in at ${context.baseUrl}/signin. A demo password you changed in the app is not updated here.`,
      "",
    ].join("\n"),
  );
  return accounts;
}
