"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { getOutbox } from "@/lib/offline/client";
import { releaseHold, writeMarks } from "@/lib/offline/marks";
import { ReviewController, type FocusTarget, type ReviewControllerOptions, type ReviewState } from "@/lib/offline/review-controller";
import { loadQueue, saveQueue } from "@/lib/offline/store";

type Input = Pick<ReviewControllerOptions, "userId" | "course" | "lesson" | "extra" | "initialQueue" | "initialParagraphs">;

/**
 * The review page's controller with the browser's outbox, IndexedDB, sessionStorage, clock and
 * timers, made once per page and started after hydration. Focus requests wait for the render that
 * shows their element (`useFocusAfterRender`).
 */
export function useReviewController(input: Input): { state: ReviewState; controller: ReviewController; focusAfterRenderRef: React.RefObject<FocusTarget | null> } {
  const router = useRouter();
  const focusAfterRenderRef = useRef<FocusTarget | null>(null);
  const routerRef = useRef(router);
  useEffect(() => {
    routerRef.current = router;
  });
  // The page's queue is read once, on load: a later render with other props must not restart the session.
  const [controller] = useState(
    () =>
      new ReviewController({
        ...input,
        outbox: () => getOutbox(input.userId),
        fetch: (url, init) => fetch(url, init),
        now: () => Date.now(),
        isOnline: () => navigator.onLine,
        savedQueues: { load: loadQueue, save: saveQueue },
        tallies: {
          read: (key) => {
            try {
              return sessionStorage.getItem(key);
            } catch {
              return null;
            }
          },
          write: (key, value) => sessionStorage.setItem(key, value),
        },
        schedule: (run, delay) => {
          const timer = window.setTimeout(run, delay);
          return () => window.clearTimeout(timer);
        },
        newKey: () => crypto.randomUUID(),
        marks: { write: (entries) => writeMarks(input.userId, entries), releaseHold },
        onSignedOut: () => routerRef.current.replace(`/signin?callbackUrl=${encodeURIComponent(location.pathname + location.search)}`),
        onFocus: (target) => {
          focusAfterRenderRef.current = target;
        },
      }),
  );
  useEffect(() => {
    void controller.start();
    return () => controller.dispose();
  }, [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
  return { state, controller, focusAfterRenderRef };
}

/** Moves focus where the last step asked for, once the element exists (after the render). */
export function useFocusAfterRender(
  focusAfterRenderRef: React.RefObject<FocusTarget | null>,
  targets: Record<FocusTarget, React.RefObject<HTMLElement | null>>,
) {
  useEffect(() => {
    const target = focusAfterRenderRef.current;
    if (!target) return;
    focusAfterRenderRef.current = null;
    targets[target].current?.focus({ preventScroll: true });
  });
}

/** Keys: Space/Enter reveal, Space (revealed) Good, 1–4 answer, Z undo. Not while typing or on a focused control. */
export function useReviewKeys(controller: ReviewController, paused: boolean) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || paused) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true'], dialog")) return;
      const onControl = Boolean(target?.closest("button, a, summary"));
      // Read at the key press, not from the last render: two quick presses must see each other.
      const { revealed } = controller.getState();
      if ((event.key === " " || event.key === "Enter") && !revealed) {
        if (onControl) return;
        event.preventDefault();
        controller.reveal();
      } else if (event.key === " ") {
        // Anki's habit: Space once the answer shows answers Good (a focused button keeps its own Space).
        if (onControl) return;
        event.preventDefault();
        controller.answer(3);
      } else if (/^[1-4]$/.test(event.key)) {
        if (!revealed) return;
        event.preventDefault();
        controller.answer(Number(event.key) as 1 | 2 | 3 | 4);
      } else if (event.key === "z" || event.key === "Z") {
        event.preventDefault();
        void controller.undo();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [controller, paused]);
}
