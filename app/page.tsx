import Link from "next/link";
import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/paths";
import { getSessionUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await getSessionUser();
  // Signed in, everyone starts at their own home: students study, instructors see their classes.
  if (user) redirect(homePathFor(user.role));
  return (
    <main style={{ maxWidth: 640, margin: "0 auto", padding: "2rem 1rem" }}>
      <h1>Retain</h1>
      <p>Short lessons and flashcards scheduled for you, so what you learn in class stays learned.</p>
      <p>
        <Link href="/signin">Sign in</Link> or <Link href="/signup">create an account</Link>.
      </p>
    </main>
  );
}
