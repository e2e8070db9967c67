"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

function post(message: { type: string; urls?: string[]; user?: string }) {
  void navigator.serviceWorker.ready
    .then((registration) => registration.active?.postMessage(message))
    .catch(() => undefined);
}

/**
 * Registers public/sw.js (from this bundled component: the CSP allows no inline scripts) and, on
 * every page shown, asks it to keep this page (in the signed-in user's page cache) and the build files it loaded for offline use. Pages
 * reached by client-side navigation never pass through the worker as a document, hence the message.
 */
export function ServiceWorkerRegister({ userId }: { userId: string | null }) {
  const pathname = usePathname();

  useEffect(() => {
    if (!("serviceWorker" in navigator) || process.env.NODE_ENV !== "production") return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!("serviceWorker" in navigator) || process.env.NODE_ENV !== "production" || !navigator.onLine) return;
    const timer = window.setTimeout(() => {
      const assets = performance
        .getEntriesByType("resource")
        .map((entry) => entry.name)
        .filter((name) => name.startsWith(`${location.origin}/_next/static/`));
      post({ type: "cache-assets", urls: [...new Set(assets)] });
      // Pages are saved per user (public/sw.js); signed out, nothing is saved.
      if (userId) post({ type: "cache-pages", urls: [location.href], user: userId });
    }, 500);
    return () => window.clearTimeout(timer);
  }, [pathname, userId]);

  return null;
}

/** Sign-out: the worker forgets every saved page now, before the next user can see one offline. */
export function forgetSavedPages(): void {
  if ("serviceWorker" in navigator) post({ type: "forget-pages" });
}
