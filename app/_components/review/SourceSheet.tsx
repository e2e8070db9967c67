"use client";

import { useEffect, useRef } from "react";
import { splitAroundQuote } from "@/lib/courses/quote";
import styles from "./review.module.css";

/**
 * The card's source in a bottom sheet: the essay paragraph it comes from with the quoted words
 * highlighted. A modal <dialog>: focus moves in, Escape closes it, focus returns to the opener.
 */
export function SourceSheet({ open, onClose, onMissing, sourceTitle, anchor, quote, paragraph }: {
  open: boolean;
  onClose: () => void;
  /** Called when the sheet opens without the paragraph (the page did not bring it). */
  onMissing?: () => void;
  sourceTitle: string;
  anchor: string;
  quote: string;
  paragraph: string | undefined;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const missing = open && paragraph === undefined;
  useEffect(() => {
    if (missing) onMissing?.();
    // Once per opening (or per card while open), not per render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [missing, anchor]);

  const split = paragraph ? splitAroundQuote(paragraph, quote) : null;

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
          {sourceTitle} · paragraph <code>{anchor}</code>
        </p>
        {paragraph ? (
          <blockquote className={styles.sheetQuote}>
            {split ? (
              <>
                {split.before}
                <mark>{split.match}</mark>
                {split.after}
              </>
            ) : (
              paragraph
            )}
          </blockquote>
        ) : null}
        {!split ? (
          <p>
            <span className={styles.sheetMeta}>Quoted: </span>
            <mark>{quote}</mark>
          </p>
        ) : null}
      </div>
    </dialog>
  );
}
