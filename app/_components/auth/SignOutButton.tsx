import { formStyles } from "../forms/Field";
import { signOutAction } from "./actions";

/** A real form, so signing out works before the page has hydrated. */
export function SignOutButton({ className }: { className?: string }) {
  return (
    <form action={signOutAction}>
      <button type="submit" className={className ?? formStyles.secondaryButton}>
        Sign out
      </button>
    </form>
  );
}
