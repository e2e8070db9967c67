"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

function post(message: { type: string; urls?: string[] }) {
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message)).catch(() => undefined);
}

/**
 * Registers public/sw.js (from this bundled component: the CSP allows no inline scripts) and, on
 * every page shown, asks it to keep this page and the build files it loaded for offline use. Pages
 * reached by client-side navigation never pass through the worker as a document, hence the message.
 */
export function ServiceWorkerRegister() {
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
      post({ type: "cache-pages", urls: [location.href] });
    }, 500);
    return () => window.clearTimeout(timer);
  }, [pathname]);

  return null;
}
