import { devices } from "@playwright/test";

/**
 * Debian's Chromium, never a downloaded browser, with flags that keep it off this machine's closed
 * network: the Playwright config and the client benchmark (bench/client.ts) launch it the same way.
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** The phone the product is designed for first: 390×844, touch. */
export const PHONE = { ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
