import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { credentialsCallback } from "@/lib/auth/sign-in-route";
import { apiRoute } from "@/lib/http/api";
import { AppError, NotFoundError } from "@/lib/errors";

type Params = { nextauth: string[] };

const nextAuth = NextAuth(authOptions) as (
  request: NextRequest,
  context: { params: Promise<Params> },
) => Promise<Response>;

/**
 * The next-auth endpoints Retain uses, by method; anything else gets a clean 404/405 here instead
 * of reaching next-auth, which answers some of them with a 500 (GET of the credentials callback)
 * or a 400 reading "[object Object]" (POST /session, the session update Retain does not use).
 */
const ENDPOINTS: Record<string, { GET?: true; POST?: true }> = {
  csrf: { GET: true },
  session: { GET: true },
  providers: { GET: true },
  signin: { GET: true, POST: true },
  signout: { GET: true, POST: true },
  error: { GET: true },
  "callback/credentials": { POST: true },
};

async function allowed(method: "GET" | "POST", context: { params: Promise<Params> }): Promise<string> {
  const endpoint = (await context.params).nextauth.join("/");
  const methods = ENDPOINTS[endpoint] ?? (endpoint.startsWith("signin/") ? { GET: true as const, POST: true as const } : undefined);
  if (!methods) throw new NotFoundError("No such sign-in endpoint.");
  if (!methods[method]) {
    throw new AppError(`${method} is not allowed here; use ${Object.keys(methods).join(" or ")}.`, 405, "method_not_allowed");
  }
  return endpoint;
}

export const GET = apiRoute<Params>(async (request, context) => {
  await allowed("GET", context);
  return nextAuth(request as NextRequest, context);
});

export const POST = apiRoute<Params>(async (request, context) => {
  const endpoint = await allowed("POST", context);
  const signIn = () => nextAuth(request as NextRequest, context);
  if (endpoint === "callback/credentials") return credentialsCallback(request, signIn);
  return signIn();
});
