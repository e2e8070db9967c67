/** Runs once when a server process starts (Next.js instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { quietClientAborts } = await import("./lib/http/client-abort");
  quietClientAborts(console);
}
