import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/paths";
import { getSessionUser } from "@/lib/auth/session";
import { SignUpForm } from "@/app/_components/auth/SignUpForm";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined);
  if (await getSessionUser()) redirect(callbackUrl);

  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Create an account</h1>
      <p className={formStyles.lead}>Free for students. Your instructor will give you a class code to join later.</p>
      <SignUpForm callbackUrl={callbackUrl} />
    </main>
  );
}
