import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { inter } from "./fonts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Retain", template: "%s · Retain" },
  description: "Short lessons and spaced-repetition flashcards for your course.",
  applicationName: "Retain",
  appleWebApp: { capable: true, title: "Retain", statusBarStyle: "default" },
  icons: { icon: "/icons/icon.svg", apple: "/icons/apple-touch-icon.png" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#111418" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: the CSP nonce (proxy.ts) is new each time and Next can only put
  // it on its scripts while rendering. A prerendered page would carry no nonce and never hydrate.
  await connection();
  return (
    <html lang="en" className={inter.variable}>
      <body>
        {children}
        {/* Plain links in the frame every page shares (here, AppShell, the review screen): next/link would put
            its code in the review page's first load, which must stay within 150 KB (docs/PERFORMANCE.md). */}
        <footer className="site-footer">
          <a href="/help">Get help</a> · support lines and the course&apos;s content note
        </footer>
      </body>
    </html>
  );
}
