import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { ChangePasswordForm } from "@/app/_components/account/ChangePasswordForm";
import { DeleteAccountForm } from "@/app/_components/account/DeleteAccountForm";
import { EndSessionsButton } from "@/app/_components/account/EndSessionsButton";
import { SignOutButton } from "@/app/_components/auth/SignOutButton";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "My account" };

const ROLE_NAMES = { student: "Student", instructor: "Instructor", admin: "Admin" } as const;

export default async function AccountPage() {
  const user = await guardPage(() => requireUser());
  return (
    <div className={`${formStyles.page} ${formStyles.inShell}`}>
      <h1 className={formStyles.title}>My account</h1>
      <p className={formStyles.lead}>
        {user.name} · {user.email} · {ROLE_NAMES[user.role]}
      </p>
      {user.role === "admin" ? (
        <p>
          <Link href="/admin/users">Manage users and roles</Link>
        </p>
      ) : null}

      <section className={formStyles.card} aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <ChangePasswordForm />
      </section>

      <section className={formStyles.card} aria-labelledby="data-heading">
        <h2 id="data-heading">Your data</h2>
        <p>
          Everything Retain keeps about you (profile, card progress, review history, settings and classes) as one JSON
          file.
        </p>
        <a className={formStyles.secondaryButton} href="/api/me/export" download>
          Download my data
        </a>
      </section>

      <section className={formStyles.card} aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <div className={formStyles.form}>
          <SignOutButton />
          <EndSessionsButton />
        </div>
      </section>

      <section className={formStyles.card} aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete account</h2>
        <p>Deletes your account, progress and review history for good. Download your data first if you want a copy.</p>
        <DeleteAccountForm />
      </section>
    </div>
  );
}
