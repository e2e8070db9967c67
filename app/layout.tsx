import type { Metadata, Viewport } from "next";
import Link from "next/link";
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
        <footer className="site-footer">
          <Link href="/help">Get help</Link> · support lines and the course&apos;s content note
        </footer>
      </body>
    </html>
  );
}
