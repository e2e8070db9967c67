"use client";

import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { RATING_LABELS, RATING_NAMES, RATINGS } from "@/lib/contracts";
import { citedPassages } from "@/lib/courses/quote";
import { PROVISIONAL_ATTRIBUTE, shouldHold } from "@/lib/offline/marks";
import { tomorrowEstimate } from "@/lib/offline/review-controller";
import { remaining } from "@/lib/offline/session";
import type { QueueDto } from "@/lib/offline/types";
import { CardFace } from "./CardFace";
import { SourceSheet } from "./SourceSheet";
import { useFocusAfterRender, useReviewController, useReviewKeys } from "./useReviewController";
import styles from "./review.module.css";

type Props = {
  userId: string;
  course: string;
  courseTitle: string;
  lesson: { key: string; title: string; id: string } | null;
  sourceTitle: string;
  /** The source paragraphs the initial queue's cards cite, by anchor. */
  paragraphs: Record<string, string>;
  /** Today's queue read by the server for this page (null when it could not be read). */
  initialQueue: QueueDto | null;
  /** Shown under a finished session's summary: the study-reminder suggestion, until the student has chosen. */
  afterSession?: ReactNode;
  /** Extra study (cards not due yet, or new cards beyond today's limit), or null for today's queue. */
  extra: "ahead" | "new" | "exam" | null;
  /** The streak before this session (days in a row, and whether today already counts); null when unknown. */
  streak: { days: number; today: boolean } | null;
  /** This course's assignments not yet complete when the page was rendered: the session end celebrates any it completes. */
  openAssignments: { id: string; title: string }[];
};

function extraHref(course: string, lessonKey: string | undefined, extra: "ahead" | "new") {
  return `/courses/${course}/review?${lessonKey ? `lesson=${encodeURIComponent(lessonKey)}&` : ""}extra=${extra}`;
}

const noSubscription = () => () => {};

function formatDuration(ms: number) {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`;
}

function formatTime(ms: number) {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(ms);
}

/**
 * The assignments a finished session completed: asked once every answer is in (the server's progress
 * counts only stored answers); nothing when offline or none was open.
 */
function useCompletedAssignments(open: Props["openAssignments"], ready: boolean) {
  const [completed, setCompleted] = useState<string[]>([]);
  useEffect(() => {
    if (!ready || open.length === 0) return;
    let live = true;
    fetch("/api/classes/assigned")
      .then((response) =>
        response.ok
          ? (response.json() as Promise<{ assignments: { assignmentId: string; complete: boolean }[] }>)
          : null,
      )
      .then((body) => {
        const done = new Set(body?.assignments.filter((entry) => entry.complete).map((entry) => entry.assignmentId));
        if (live) setCompleted(open.filter((entry) => done.has(entry.id)).map((entry) => entry.title));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [open, ready]);
  return completed;
}

export function ReviewClient({
  userId,
  course,
  courseTitle,
  lesson,
  sourceTitle,
  paragraphs: initialParagraphs,
  initialQueue,
  afterSession,
  extra,
  streak,
  openAssignments,
}: Props) {
  const { state, controller, focusAfterRenderRef } = useReviewController({
    userId,
    course,
    lesson: lesson ? { key: lesson.key, id: lesson.id } : null,
    extra,
    initialQueue,
    initialParagraphs,
  });
  const { session, phase, revealed, notice, paragraphs, totals, serverTomorrow, announcement } = state;
  // The inline script hides a held card in the server's HTML; after a client-side navigation it does
  // not run, so the same rule is applied here (false while hydrating, so the markup matches).
  const heldHere = useSyncExternalStore(
    noSubscription,
    () => (initialQueue ? shouldHold(userId, course, initialQueue.generatedAt) : false),
    () => false,
  );
  const [sheetOpen, setSheetOpen] = useState(false);
  const [confirmingSuspend, setConfirmingSuspend] = useState(false);
  const answerRef = useRef<HTMLDivElement>(null);
  const revealButtonRef = useRef<HTMLButtonElement>(null);
  const summaryRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterRender(focusAfterRenderRef, { reveal: revealButtonRef, answer: answerRef, summary: summaryRef });
  useReviewKeys(controller, sheetOpen);

  const answer = (rating: 1 | 2 | 3 | 4) => {
    setConfirmingSuspend(false);
    controller.answer(rating);
  };
  const reveal = () => controller.reveal();
  const undo = () => void controller.undo();
  const finished = phase === "ready" && !session.current;
  const tomorrow =
    serverTomorrow !== null
      ? { count: serverTomorrow, estimate: false }
      : { count: tomorrowEstimate(session, totals.startedAt || 0), estimate: true };

  const card = session.current;
  const left = remaining(session);
  // The card fades in when it appears, but not the one the server rendered: it is the page's largest
  // paint, and an animation from opacity 0 would push that paint behind hydration. The element stays
  // from card to card, so the attribute stays until the card area goes away (summary) and comes back.
  const [entryAnimation, setEntryAnimation] = useState(!initialQueue);
  if (!card && !entryAnimation) setEntryAnimation(true);
  const answered = totals.reviewed;
  const total = answered + left;
  const canUndo = session.history.length > 0;
  const percent = total > 0 ? Math.round((answered / total) * 100) : 100;
  const completedAssignments = useCompletedAssignments(
    openAssignments,
    finished && totals.reviewed > 0 && serverTomorrow !== null,
  );
  const streakDays = streak ? streak.days + (totals.reviewed > 0 && !streak.today ? 1 : 0) : null;

  return (
    <div className={styles.review}>
      <div className={styles.topBar}>
        <div className={styles.titles}>
          <p className={styles.kicker}>
            <a href={lesson ? `/courses/${course}/lessons/${lesson.key}` : `/courses/${course}`}>{courseTitle}</a>
          </p>
          <h1 className={styles.heading}>
            {extra === "ahead" ? "Study ahead" : extra === "new" ? "Learn more" : extra === "exam" ? "Before the exam" : "Review"}
            {lesson ? `: ${lesson.title}` : ""}
          </h1>
        </div>
      </div>
      {extra ? (
        <p className={styles.extraNote} data-testid="extra-note">
          {extra === "ahead"
            ? "Extra study: these cards are not due yet (nearest due first). Your answers count as real reviews and reschedule them from now."
            : extra === "exam"
              ? "Extra study: the cards you are predicted to recall below your target on exam day (lowest first). Your answers count as real reviews and reschedule them from now."
              : "Extra study: new cards beyond today's limit. They start their learning steps like any new card."}
        </p>
      ) : null}

      <div
        className={styles.progress}
        role="progressbar"
        aria-label="Session progress"
        aria-valuemin={0}
        aria-valuemax={Math.max(total, 1)}
        aria-valuenow={answered}
        aria-valuetext={`${answered} answered, ${left} left`}
      >
        <div className={styles.progressFill} style={{ width: `${percent}%` }} />
      </div>
      <p className={styles.counts} data-testid="session-counts">
        {phase === "ready" ? `${answered} answered · ${left} left` : "\u00a0"}
      </p>

      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>

      {notice ? (
        <div className={styles.notice} role="alert">
          <span>{notice.text}</span>
          {notice.leech ? (
            <>
              <blockquote className={styles.leechPassage} data-testid="leech-passage">
                {notice.leech.passage}
              </blockquote>
              <button
                type="button"
                className={styles.linkButton}
                onClick={() => void controller.keepStudying(notice.leech!)}
              >
                Keep studying
              </button>
            </>
          ) : null}
          {notice.unsuspend ? (
            <button
              type="button"
              className={styles.linkButton}
              onClick={() => void controller.unsuspend(notice.unsuspend!)}
            >
              Unsuspend
            </button>
          ) : null}
        </div>
      ) : null}

      {phase === "loading" ? <p className={styles.loading}>Loading your cards…</p> : null}

      {phase === "unavailable" ? (
        <div className={styles.summary}>
          <h2>Your cards are not on this device yet</h2>
          <p>Open this page once while online; after that it works offline too.</p>
        </div>
      ) : null}

      {card ? (
        // Until the outbox has been read, the server-rendered card is provisional: the page's inline
        // script may hide it (lib/offline/marks.ts), and nothing in it can be answered yet.
        <div
          className={styles.cardArea}
          {...(phase === "provisional" ? { [PROVISIONAL_ATTRIBUTE]: "" } : {})}
          style={phase === "provisional" && heldHere ? { visibility: "hidden" } : undefined}
        >
          <div
            className={styles.card}
            data-entry={entryAnimation ? undefined : "none"}
            data-testid="review-card"
            data-card-id={card.id}
            data-note-key={card.noteKey}
            data-revealed={revealed ? "true" : "false"}
            onClick={() => reveal()}
          >
            <p className={styles.cardMeta}>
              {card.queue === "new" ? "New card" : card.queue === "learning" ? "Learning" : "Review"}
              {card.kind === "cloze" ? " · fill in the blank" : ""}
            </p>
            <CardFace card={card} revealed={revealed} answerRef={answerRef} />
          </div>

          <div className={styles.tools} role="group" aria-label="Card actions">
            <button
              type="button"
              className={styles.toolButton}
              onClick={() => setSheetOpen(true)}
              aria-haspopup="dialog"
            >
              Show source
            </button>
            <button
              type="button"
              className={styles.toolButton}
              onClick={undo}
              disabled={!canUndo}
              aria-keyshortcuts="Z"
            >
              Undo
            </button>
            <button
              type="button"
              className={styles.toolButton}
              onClick={() => setConfirmingSuspend(true)}
              aria-expanded={confirmingSuspend}
            >
              Suspend card
            </button>
          </div>
          {confirmingSuspend ? (
            <div className={styles.notice} role="group" aria-label="Suspend this card?">
              <span>Suspend this card? It leaves your reviews until you unsuspend it on the Cards page.</span>
              <button
                type="button"
                className={styles.linkButton}
                onClick={() => {
                  setConfirmingSuspend(false);
                  void controller.suspend();
                }}
              >
                Suspend
              </button>
              <button type="button" className={styles.linkButton} onClick={() => setConfirmingSuspend(false)}>
                Keep it
              </button>
            </div>
          ) : null}

          <div className={styles.dock}>
            {revealed ? (
              <div className={styles.answers} role="group" aria-label="How well did you remember?">
                {RATINGS.map((rating) => {
                  const preview = card.previews[RATING_NAMES[rating]];
                  const label = card.previewsStale ? null : preview.label;
                  return (
                    <button
                      key={rating}
                      type="button"
                      className={`${styles.answer} ${styles[`answer${rating}`]}`}
                      onClick={() => answer(rating)}
                      aria-keyshortcuts={rating === 3 ? "3 Space" : String(rating)}
                    >
                      <span className={styles.answerName}>{RATING_LABELS[rating]}</span>
                      <span className={styles.answerInterval}>
                        {label ? <span className="visually-hidden">, next in </span> : null}
                        {label ?? "\u00a0"}
                      </span>
                    </button>
                  );
                })}
              </div>
            ) : (
              <button
                ref={revealButtonRef}
                type="button"
                className={styles.reveal}
                onClick={() => reveal()}
                aria-keyshortcuts="Space Enter"
              >
                Show answer
              </button>
            )}
            <p className={styles.keys} aria-hidden="true">
              {revealed
                ? "Keys: 1 Again · 2 Hard · 3 or Space Good · 4 Easy · Z undo"
                : "Keys: Space or Enter to show · Z undo"}
            </p>
          </div>

          <SourceSheet
            open={sheetOpen}
            onClose={() => {
              setSheetOpen(false);
              // Back to the card's next step, so Space and 1–4 carry on where they left off.
              focusAfterRenderRef.current = controller.getState().revealed ? "answer" : "reveal";
            }}
            sourceTitle={sourceTitle}
            passages={citedPassages(card).map((passage) => ({ ...passage, paragraph: paragraphs[passage.anchor] }))}
            onMissing={(anchors) => {
              // A card the page brought no passage for: ask for it (offline, the sheet shows the quote).
              controller.requestParagraphs(anchors);
            }}
          />
        </div>
      ) : null}

      {finished ? (
        <section className={styles.summary} aria-labelledby="summary-heading" data-testid="session-summary">
          {totals.reviewed > 0 ? (
            <span className={styles.summaryBadge} aria-hidden="true">
              ✓
            </span>
          ) : null}
          <h2 id="summary-heading" ref={summaryRef} tabIndex={-1}>
            {totals.reviewed > 0 ? "Session complete" : extra ? "No extra cards here" : "Nothing to review right now"}
          </h2>
          {totals.reviewed === 0 && !extra ? (
            <p className={styles.summaryLead}>You are all caught up. Cards come back here when they are due.</p>
          ) : null}
          {completedAssignments.length > 0 ? (
            <p className={styles.celebration} data-testid="assignment-complete">
              <span aria-hidden="true">🎉 </span>
              {completedAssignments.length === 1
                ? `Assignment complete: ${completedAssignments[0]}`
                : `Assignments complete: ${completedAssignments.join(", ")}`}
            </p>
          ) : null}
          <dl className={styles.summaryFigures}>
            <div>
              <dt>Cards reviewed</dt>
              <dd>{totals.reviewed}</dd>
            </div>
            {streakDays !== null ? (
              <div>
                <dt>Day streak</dt>
                <dd data-testid="summary-streak">
                  {streakDays}
                  {totals.reviewed > 0 && streak && !streak.today ? (
                    <span className={styles.estimate}> +1 today</span>
                  ) : null}
                </dd>
              </div>
            ) : null}
            <div>
              <dt>Accuracy</dt>
              <dd data-testid="summary-accuracy">
                {totals.reviewed > 0
                  ? `${Math.round(((totals.reviewed - totals.again) / totals.reviewed) * 100)}%`
                  : "–"}
                <span className={styles.estimate}> not Again</span>
              </dd>
            </div>
            <div>
              <dt>Learned for the first time</dt>
              <dd data-testid="summary-first-time">{totals.firstTime}</dd>
            </div>
            <div>
              <dt>Time spent</dt>
              <dd>{formatDuration(totals.spentMs)}</dd>
            </div>
            <div>
              <dt>Due tomorrow</dt>
              <dd>
                {tomorrow.count}
                {tomorrow.estimate ? (
                  <span className={styles.estimate}> (from this session; more once synced)</span>
                ) : null}
              </dd>
            </div>
          </dl>
          {totals.reviewed > 0 ? afterSession : null}
          {session.requeue.length > 0 ? (
            <p>
              {session.requeue.length} card{session.requeue.length === 1 ? "" : "s"} still in learning come back at{" "}
              {formatTime(Math.min(...session.requeue.map((entry) => entry.showAt)))}. Keep this page open or come back
              then.
            </p>
          ) : null}
          <div className={styles.summaryActions}>
            <a className={styles.secondary} href={extraHref(course, lesson?.key, "ahead")} data-testid="study-ahead">
              Study ahead
            </a>
            <a className={styles.secondary} href={extraHref(course, lesson?.key, "new")}>
              Learn 10 more
            </a>
            {canUndo ? (
              <button type="button" className={styles.secondary} onClick={undo}>
                Undo last answer
              </button>
            ) : null}
            <a className={styles.primary} href={`/courses/${course}`}>
              Back to the course
            </a>
            <a className={styles.secondary} href={`/courses/${course}/cards`}>
              Cards
            </a>
            <a className={styles.secondary} href={`/courses/${course}/stats`}>
              Statistics
            </a>
          </div>
        </section>
      ) : null}
    </div>
  );
}
