import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { credentialsCallback } from "@/lib/auth/sign-in-route";
import { apiRoute } from "@/lib/http/api";

type Params = { nextauth: string[] };

const nextAuth = NextAuth(authOptions) as (
  request: NextRequest,
  context: { params: Promise<Params> },
) => Promise<Response>;

export const GET = apiRoute<Params>((request, context) => nextAuth(request as NextRequest, context));

export const POST = apiRoute<Params>(async (request, context) => {
  const [action, provider] = (await context.params).nextauth;
  const signIn = () => nextAuth(request as NextRequest, context);
  if (action === "callback" && provider === "credentials") return credentialsCallback(request, signIn);
  return signIn();
});
