"use client";

import { useEffect, useState } from "react";
import { askSavedCopy } from "@/lib/offline/saved-copy";
import styles from "./status.module.css";

function formatSavedAt(savedAt: string): string {
  const date = new Date(savedAt);
  if (Number.isNaN(date.getTime())) return "an earlier visit";
  const sameDay = date.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(
    undefined,
    sameDay
      ? { hour: "numeric", minute: "2-digit" }
      : { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  ).format(date);
}

/**
 * Says so when this page is the copy saved on the device (the service worker served it because the
 * network or the server failed): its figures are as they were then. The worker knows which window it
 * served a copy to; the page asks it once.
 */
export function SavedCopyNotice() {
  const [savedAt, setSavedAt] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void askSavedCopy().then((saved) => {
      if (live && typeof saved === "string") setSavedAt(saved);
    });
    return () => {
      live = false;
    };
  }, []);
  if (savedAt === null) return null;
  return (
    <p className={`${styles.status} ${styles.statusOffline}`} role="status" data-testid="saved-copy">
      Saved copy from {formatSavedAt(savedAt)}: Retain cannot be reached, so what you see may be out of date.{" "}
      <button type="button" className={styles.statusLink} onClick={() => window.location.reload()}>
        Try again
      </button>
    </p>
  );
}
