import type { Metadata } from "next";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { formStyles } from "@/app/_components/forms/Field";
import { JoinForm } from "./JoinForm";

export const metadata: Metadata = { title: "Join a class" };

export default async function JoinPage() {
  const user = await guardPage(() => requireUser());
  return (
    <div className={`${formStyles.page} ${formStyles.inShell}`}>
      <h1 className={formStyles.title}>Join a class</h1>
      {user.role === "student" ? (
        <>
          <p className={formStyles.lead}>Enter the code your instructor gave you.</p>
          <JoinForm />
        </>
      ) : (
        <p className={formStyles.lead}>Only student accounts can join a class.</p>
      )}
    </div>
  );
}
