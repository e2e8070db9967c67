import type { FieldErrors } from "@/lib/errors";

/**
 * What a server action hands back to its form (with `useActionState`). Shared by the action
 * (lib/http/action-result.ts builds the error case) and the client form that shows it.
 */
export type ActionError = {
  status: "error";
  code: string;
  message: string;
  fields?: FieldErrors;
  retryAfterSeconds?: number;
  /** The non-secret inputs as submitted, so the form can show them again (never passwords). */
  values?: Record<string, string>;
};

export type ActionState<T = undefined> = { status: "idle" } | { status: "ok"; data: T; message?: string } | ActionError;

export const IDLE_ACTION_STATE = { status: "idle" } as const;

/** The first problem with one field, for showing next to it. */
export function fieldError(state: { status: string; fields?: FieldErrors }, field: string): string | undefined {
  return state.status === "error" ? state.fields?.[field]?.[0] : undefined;
}
