export default function Forbidden() {
  return (
    <main style={{ maxWidth: 640, margin: "0 auto", padding: "2rem 1rem" }}>
      <h1>You don&apos;t have access to this page</h1>
      <p>It is for another role. If you think you should have access, ask an admin of your Retain.</p>
      <p>
        {/* Plain links, as in the root layout: next/link would add its code to every page's first load. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/">Go to the home page</a> · <a href="/account">My account</a>
      </p>
    </main>
  );
}
