import type { DefaultSession } from "next-auth";

// What Retain's callbacks in lib/auth/options.ts put into the token and the session.
declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; role: string; sessionVersion: number };
  }
  interface User {
    role: string;
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: string;
    sv?: number;
    sid?: string;
    sat?: number;
  }
}
