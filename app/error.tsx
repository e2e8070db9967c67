"use client";

/**
 * Shown when a page fails to render: most often the database is briefly unreachable (the JSON API
 * answers 503 then). Answers already given in a review are kept in the browser's outbox and sent
 * when the server is back, so the page says so and offers to try again.
 */
export default function PageError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <main style={{ maxWidth: 640, margin: "0 auto", padding: "2rem 1rem" }} role="alert">
      <h1>This page could not load</h1>
      <p>
        Retain could not reach its server or database just now. Nothing you answered is lost: answers waiting on this
        device are sent as soon as the connection is back.
      </p>
      <p>
        <button type="button" onClick={() => retry()} style={{ minHeight: 44, padding: "0 1rem" }}>
          Try again
        </button>
      </p>
      <p>
        <a href="/dashboard">Go to your dashboard</a> · <a href="/help">Get help</a>
      </p>
      {error.digest ? <p style={{ fontSize: "0.85rem", opacity: 0.7 }}>Reference: {error.digest}</p> : null}
    </main>
  );
}
