"use client";

import { useState } from "react";
import { formStyles } from "@/app/_components/forms/Field";

/** Shows the full join link and copies it. */
export function CopyLinkButton({ path }: { path: string }) {
  const [copied, setCopied] = useState(false);
  const [origin, setOrigin] = useState("");
  return (
    <span>
      <button
        type="button"
        className={formStyles.secondaryButton}
        onClick={async () => {
          const url = `${window.location.origin}${path}`;
          setOrigin(window.location.origin);
          try {
            await navigator.clipboard.writeText(url);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}
      >
        Copy join link
      </button>{" "}
      <span role="status" aria-live="polite">
        {copied ? `Copied ${origin}${path}` : ""}
      </span>
    </span>
  );
}
