import type { Metadata } from "next";
import { UnsubscribeForm } from "@/app/_components/account/UnsubscribeForm";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UnsubscribePage({ searchParams }: Props) {
  const { u, t } = await searchParams;
  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Stop reminder emails</h1>
      <p className={formStyles.lead}>
        No more daily study reminders or instructor reminders by email. Password-reset emails you ask for still arrive.
      </p>
      {typeof u === "string" && typeof t === "string" ? (
        <UnsubscribeForm userId={u} token={t} />
      ) : (
        <p className={formStyles.alert}>This page needs the link from a reminder email.</p>
      )}
    </main>
  );
}
