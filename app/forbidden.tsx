import Link from "next/link";

export default function Forbidden() {
  return (
    <main style={{ maxWidth: 640, margin: "0 auto", padding: "2rem 1rem" }}>
      <h1>You don&apos;t have access to this page</h1>
      <p>It is for another role. If you think you should have access, ask an admin of your Retain.</p>
      <p>
        <Link href="/">Go to the home page</Link> · <Link href="/account">My account</Link>
      </p>
    </main>
  );
}
