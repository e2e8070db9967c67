import type { QueueCardDto } from "@/lib/offline/types";

export const T0 = Date.parse("2026-11-28T12:00:00.000Z");

export function card(id: string, options: { againIn?: number; goodIn?: number; lessonId?: string; noteKey?: string; queue?: QueueCardDto["queue"] } = {}): QueueCardDto {
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  return {
    id,
    kind: "basic",
    prompt: `Prompt ${id}`,
    answer: `Answer ${id}`,
    explanation: null,
    source: { anchor: "p-1", quote: "quote" },
    lessonId: options.lessonId ?? "lesson-1",
    noteKey: options.noteKey ?? id,
    queue: options.queue ?? "new",
    state: "new",
    version: 0,
    previews: {
      again: { due: at(options.againIn ?? 60_000), label: "1m" },
      hard: { due: at(6 * 60_000), label: "6m" },
      good: { due: at(options.goodIn ?? 10 * 60_000), label: "10m" },
      easy: { due: at(8 * 86_400_000), label: "8d" },
    },
  };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
