import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/app/_components/auth/ResetPasswordForm";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Choose a new password</h1>
      {typeof token === "string" && token ? (
        <>
          <p className={formStyles.lead}>Setting a new password signs you out on every device.</p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <p className={formStyles.lead}>
          This page needs the link from your reset email. <Link href="/forgot-password">Ask for one</Link>.
        </p>
      )}
    </main>
  );
}
