import type { Metadata } from "next";
import { ResendVerificationForm, VerifyEmailForm } from "@/app/_components/auth/VerifyEmailForm";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?token=` from the mailed link confirms; `?sent=<address>` after sign-up, or nothing, offers a new link. */
export default async function VerifyEmailPage({ searchParams }: Props) {
  const { token, sent, email } = await searchParams;
  const address = typeof sent === "string" ? sent : typeof email === "string" ? email : undefined;
  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Confirm your email address</h1>
      {typeof token === "string" && token ? (
        <>
          <p className={formStyles.lead}>One step left: confirm that this address is yours, then sign in.</p>
          <VerifyEmailForm token={token} />
        </>
      ) : (
        <>
          <p className={formStyles.lead}>
            {typeof sent === "string"
              ? `Your account is made. We sent a link to ${sent}: open it to confirm your address, then sign in. It works once, for 48 hours.`
              : "This Retain requires a confirmed address before you sign in. Open the link we mailed you, or ask for a new one."}
          </p>
          <ResendVerificationForm email={address} />
        </>
      )}
    </main>
  );
}
