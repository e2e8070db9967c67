"use server";

import { redirect } from "next/navigation";
import { clearSessionCookie } from "@/lib/auth/session";

/** Signs this browser out. Sessions elsewhere continue (see "Sign out everywhere" on /account). */
export async function signOutAction(): Promise<void> {
  await clearSessionCookie();
  redirect("/signin");
}
