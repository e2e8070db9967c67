import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { formatJoinCode, normalizeJoinCode } from "@/lib/classes/join-code";
import { formStyles } from "@/app/_components/forms/Field";
import { JoinForm } from "../JoinForm";

export const metadata: Metadata = { title: "Join a class" };

type Props = { params: Promise<{ code: string }> };

/**
 * A join link. Nothing about the class is shown before joining (so links cannot be used to probe
 * codes without going through the throttled join); signed-out visitors are sent to sign in first.
 */
export default async function JoinLinkPage({ params }: Props) {
  const { code: raw } = await params;
  const user = await guardPage(() => requireUser());
  // Next has already decoded the segment; decoding again would throw on a lone '%'.
  const code = normalizeJoinCode(raw);
  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Join a class</h1>
      {user.role !== "student" ? (
        <p className={formStyles.lead}>Only student accounts can join a class. You are signed in as {user.email}.</p>
      ) : code ? (
        <>
          <p className={formStyles.lead}>Signed in as {user.email}.</p>
          <JoinForm code={code} display={formatJoinCode(code)} />
        </>
      ) : (
        <>
          <p className={formStyles.alert} role="alert">
            This link does not hold a valid join code.
          </p>
          <p>
            <Link href="/join">Type the code instead</Link>
          </p>
        </>
      )}
    </main>
  );
}
