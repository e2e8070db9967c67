/**
 * The framework ceiling for `npm run bench`: the cheapest route handler the app can serve (no
 * session, no database), so the benchmark can tell framework cost from Retain's own. It answers 404
 * unless the server was started with RETAIN_BENCH=1, so production does not expose it.
 */
export const dynamic = "force-dynamic";

export function GET() {
  if (process.env.RETAIN_BENCH !== "1") {
    return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  }
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
