"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { fittedWeightsAction } from "@/app/(student)/courses/[slug]/settings/actions";
import type { MyMemoryModelDto } from "@/lib/contracts";
import { formStyles } from "../forms/Field";

/** Opt out to the FSRS defaults, or back in to fitted weights; the page shows the result. */
export function FittedWeightsToggle({ course, optedOut }: { course: string; optedOut: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [current, setCurrent] = useState(optedOut);
  const choose = (useFittedWeights: boolean) =>
    startTransition(async () => {
      const result = await fittedWeightsAction(course, useFittedWeights);
      if (result.status === "ok") {
        setCurrent((result.data as MyMemoryModelDto).optedOut);
        setMessage({ text: result.message ?? "Saved.", error: false });
        router.refresh();
      } else if (result.status === "error") {
        setMessage({ text: result.message, error: true });
      }
    });
  return (
    <div>
      <button type="button" className={formStyles.secondaryButton} disabled={pending} onClick={() => choose(current)}>
        {pending ? "Rescheduling…" : current ? "Use fitted weights again" : "Keep the FSRS defaults instead"}
      </button>
      {message ? (
        <p className={message.error ? formStyles.error : formStyles.notice} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
