"use server";

import { redirect } from "next/navigation";
import { signOutThisBrowser } from "@/lib/auth/session";

/** Signs this browser out and ends its session for good. Sessions elsewhere continue (see "Sign out everywhere" on /account). */
export async function signOutAction(): Promise<void> {
  await signOutThisBrowser();
  redirect("/signin");
}
