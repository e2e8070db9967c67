import { ValidationError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/api";
import { isValidUnsubscribeToken } from "@/lib/mail/links";
import { unsubscribeFromReminders } from "@/lib/reminders/settings";

/**
 * One-click unsubscribe (RFC 8058): mail providers POST `List-Unsubscribe=One-Click` to the URL of the
 * `List-Unsubscribe` header, from their servers and without a session. The signed `u`/`t` pair in the
 * URL is the authorization, so the same-origin check of other writes does not apply here.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const userId = url.searchParams.get("u") ?? "";
    const token = url.searchParams.get("t") ?? "";
    if (!userId || !token || !isValidUnsubscribeToken(userId, token)) {
      throw new ValidationError({ t: ["is not a valid unsubscribe link"] }, "This unsubscribe link is not valid.");
    }
    await unsubscribeFromReminders(userId, new Date());
    return Response.json({ ok: true, message: "You will get no more reminder emails." }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
