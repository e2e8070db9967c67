import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/app/_components/auth/ForgotPasswordForm";
import { formStyles } from "@/app/_components/forms/Field";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <main className={formStyles.page}>
      <h1 className={formStyles.title}>Forgot your password?</h1>
      <p className={formStyles.lead}>Enter the email you signed up with and we will send a link to choose a new password.</p>
      <ForgotPasswordForm />
    </main>
  );
}
