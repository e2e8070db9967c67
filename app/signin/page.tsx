import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/paths";
import { getSessionUser } from "@/lib/auth/session";
import { SignInForm } from "@/app/_components/auth/SignInForm";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Sign in" };

// next-auth sends its own failures here as ?error=…; only these are worth a sentence.
const ERRORS: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  SessionRequired: "Sign in to continue.",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined);
  if (await getSessionUser()) redirect(callbackUrl);
  const error =
    typeof params.error === "string" ? (ERRORS[params.error] ?? "Signing in failed. Try again.") : undefined;

  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Sign in</h1>
      <p className={formStyles.lead}>Welcome back. Your cards are waiting.</p>
      <SignInForm callbackUrl={callbackUrl} initialError={error} />
      <noscript>
        <p className={formStyles.alert}>Signing in needs JavaScript. Turn it on for this site and reload.</p>
      </noscript>
    </main>
  );
}
