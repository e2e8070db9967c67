"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { getOutbox, startBackgroundSync } from "@/lib/offline/client";
import type { OutboxSummary } from "@/lib/offline/outbox";
import styles from "./status.module.css";

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Says when the device is offline and how many answers wait to be sent; starts the background
 * sender on every student page, so answers left from an earlier visit go out as soon as possible.
 */
function subscribeOnline(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

export function OfflineStatus({ userId }: { userId: string | null }) {
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
  const [summary, setSummary] = useState<OutboxSummary>({ pending: 0, rejected: 0, blocked: null });

  useEffect(() => {
    if (!userId) return;
    startBackgroundSync(userId);
    return getOutbox(userId).subscribe(setSummary);
  }, [userId]);

  const waiting = summary.pending > 0 ? `${plural(summary.pending, "answer")} waiting to sync.` : "";
  let text = "";
  if (!online) text = `You are offline. ${waiting || "Answers you give are kept on this device."}`;
  else if (summary.blocked === "signed-out" && summary.pending > 0) text = `${waiting} Sign in again to send them.`;
  else if (summary.pending > 0) text = `Sending: ${waiting}`;

  return (
    <div role="status" data-testid="sync-status" data-online={online ? "true" : "false"} data-pending={summary.pending}>
      {text ? (
        <p className={`${styles.status} ${online ? styles.statusSyncing : styles.statusOffline}`}>{text}</p>
      ) : null}
    </div>
  );
}
