"use client";

import { useEffect, useRef } from "react";
import { splitAroundQuote } from "@/lib/courses/quote";
import styles from "./review.module.css";

export type SheetPassage = { anchor: string; quote: string; paragraph: string | undefined };

/**
 * The card's source in a bottom sheet: each essay paragraph it cites with the quoted words
 * highlighted (a card connecting passages cites several). A modal <dialog>: focus moves in,
 * Escape closes it, focus returns to the opener.
 */
export function SourceSheet({ open, onClose, onMissing, sourceTitle, passages }: {
  open: boolean;
  onClose: () => void;
  /** Called when the sheet opens without a cited paragraph (the page did not bring it), with the anchors missing. */
  onMissing?: (anchors: string[]) => void;
  sourceTitle: string;
  passages: SheetPassage[];
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const missing = open ? passages.filter((passage) => passage.paragraph === undefined).map((passage) => passage.anchor) : [];
  const missingKey = missing.join(",");
  useEffect(() => {
    if (missingKey) onMissing?.(missingKey.split(","));
    // Once per opening (or per card while open), not per render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [missingKey]);

  return (
    <dialog
      ref={dialogRef}
      className={styles.sheet}
      aria-labelledby="source-sheet-title"
      onClose={onClose}
      onCancel={onClose}
      onClick={(event) => {
        // A tap on the backdrop (the dialog element itself, outside its content) closes the sheet.
        if (event.target === dialogRef.current) onClose();
      }}
      data-testid="source-sheet"
    >
      <div className={styles.sheetBody}>
        <div className={styles.sheetHeader}>
          <h2 id="source-sheet-title">Source</h2>
          <button type="button" className={styles.toolButton} onClick={onClose} autoFocus>
            Close
          </button>
        </div>
        <p className={styles.sheetMeta}>
          {sourceTitle}
          {passages.length > 1 ? ` · this card connects ${passages.length} passages` : null}
        </p>
        {passages.map((passage, index) => (
          <CitedPassage key={`${passage.anchor}:${index}`} passage={passage} label={passages.length > 1 ? `Passage ${index + 1}` : null} />
        ))}
      </div>
    </dialog>
  );
}

function CitedPassage({ passage, label }: { passage: SheetPassage; label: string | null }) {
  const split = passage.paragraph ? splitAroundQuote(passage.paragraph, passage.quote) : null;
  return (
    <section aria-label={label ?? undefined}>
      {label ? <h3 className={styles.sheetMeta}>{label}</h3> : null}
      {passage.paragraph ? (
        <blockquote className={styles.sheetQuote}>
          {split ? (
            <>
              {split.before}
              <mark>{split.match}</mark>
              {split.after}
            </>
          ) : (
            passage.paragraph
          )}
        </blockquote>
      ) : null}
      {!split ? (
        <p>
          <span className={styles.sheetMeta}>Quoted: </span>
          <mark>{passage.quote}</mark>
        </p>
      ) : null}
    </section>
  );
}
