import Link from "next/link";

export default function HomePage() {
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
