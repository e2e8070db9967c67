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

  // Registered once the page has loaded and the main thread is idle: installing the worker fetches
  // and caches files, which is no business of the first paint or of hydration.
  useEffect(() => {
    if (!("serviceWorker" in navigator) || process.env.NODE_ENV !== "production") return;
    let cancelIdle = () => {};
    const register = () => {
      const run = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
      // Safari has no requestIdleCallback.
      if (typeof window.requestIdleCallback === "function") {
        const handle = window.requestIdleCallback(run, { timeout: 3000 });
        cancelIdle = () => window.cancelIdleCallback(handle);
      } else {
        const timer = setTimeout(run, 200);
        cancelIdle = () => clearTimeout(timer);
      }
    };
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
    return () => {
      window.removeEventListener("load", register);
      cancelIdle();
    };
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
