/**
 * Defects the suite has found in code another engineer owns, not fixed here. Each has a test that
 * reproduces it (support/defect-test.ts); while the defect is open that test passes only when it
 * fails with the defect's `symptom` (the suite stays green and the report lists an open defect).
 * When the fix lands the test turns red ("no longer reproduces"): set `open: false` here, which runs
 * it as a normal test from then on.
 * No vitest import: tests/reliability/report.ts reads this outside the test runner.
 */
export type KnownDefect = {
  open: boolean;
  where: string;
  summary: string;
  fix: string;
  /** The assertion message its test fails with while the defect is open (any other failure is a real failure). */
  symptom: RegExp;
};

/** Replay checks and lists of problems: `expect(mismatches).toEqual([])`. */
const NOT_EMPTY = /to deeply equal \[\]/;

export const KNOWN_DEFECTS: Record<string, KnownDefect> = {
  "undo-races-answer": {
    open: false,
    symptom: NOT_EMPTY,
    where: "lib/review/undo.ts (undoLastReview)",
    summary:
      "Undo picks the latest standing log before it locks that card's state row. An answer to the same card that commits in between " +
      "(it holds the state lock first) is then silently overwritten: undo restores the state from before the older answer while the " +
      "newer answer stays in the log, so the stored state no longer equals the replay of its log.",
    fix:
      "After `lockCardState(tx, …, log.cardId, …)`, re-check that `log` is still the latest standing log for the course (re-run the " +
      "SELECT … ORDER BY createdAt DESC LIMIT 1 without FOR UPDATE) or, narrower, that no standing log for `log.cardId` is newer " +
      "(`createdAt > log.createdAt`) and that `row.version === parseSnapshot(log.stateAfter).version` modulo suspends; if not, " +
      'retry the transaction (or answer 409 "The card changed; undo again").',
  },
  "offline-answer-after-reset": {
    open: false,
    symptom: NOT_EMPTY,
    where: "lib/review/answer.ts (answerCard), with lib/review/card-actions.ts and the importer's resetOnChange",
    summary:
      "An offline answer (sync, or POST /api/review with reviewedAt) that happened before a reset of the card is applied on top of " +
      'the reset. The "older than the card\'s latest review" guard compares with `state.lastReview`, which a reset clears, so the ' +
      "answer goes through; replay orders it before the reset, so the stored state (learning) no longer equals the replay (new). " +
      "Sequential, no race needed: reset a card, then sync an answer dated five minutes earlier.",
    fix:
      "In answerCard, under the state lock, read the card's latest standing log (`reviewLog.findFirst({ where: { userId, cardId, " +
      "undone: false }, orderBy: { reviewedAt: 'desc' } })`, resets included) and refuse (409, as for ReviewBeforeLastReviewError) " +
      "an answer whose reviewedAt is earlier than that log's reviewedAt.",
  },
  "settings-change-races-answer": {
    open: false,
    symptom: NOT_EMPTY,
    where: "lib/review/settings.ts (updateStudySettings) and lib/review/reschedule.ts (rescheduleCourse)",
    summary:
      "A settings change that reschedules (retention, time zone, day start) reads the student's states and history without " +
      "locking them, then writes replayed states. An answer that commits in between is overwritten by a replay that does not " +
      "include it (its log stays), so the stored state no longer equals its replay.",
    fix:
      'In rescheduleCourse, lock the student\'s states in the course before reading history: `SELECT * FROM "CardState" WHERE ' +
      '"userId" = $1 AND "courseId" = $2 ORDER BY id FOR UPDATE` (in place of the findMany). Answers lock their row before ' +
      "loading the settings, so each then sees either the old settings and is included in the replay, or the new ones.",
  },
  "settings-change-races-first-answer": {
    open: false,
    symptom: NOT_EMPTY,
    where: "lib/review/answer.ts (answerCard) with lib/review/settings.ts (updateStudySettings)",
    summary:
      "The FOR UPDATE in rescheduleCourse (the fix for settings-change-races-answer) only covers state rows that exist. The first " +
      "answer to a card inserts its row inside its own transaction, invisible to the settings change, having already loaded the " +
      "old settings: the change commits its reschedule without it, then the answer commits a state computed under the old " +
      "settings. The stored interval no longer equals the replay under the settings in force (found by the random mix; " +
      "reproduced deterministically by holding the answer between loading its settings and writing its log).",
    fix:
      "Serialise answers against settings changes of the same student and course: at the start of the transaction in answerCard " +
      "(and in applyCardAction and undoLastReview), before loading the scheduling context, take " +
      "`SELECT pg_advisory_xact_lock_shared(hashtext('settings:' || userId || ':' || courseId))`; updateStudySettings already " +
      "takes the same key exclusively. Answers still run in parallel with each other; a settings change waits for answers in " +
      "flight and they wait for it.",
  },
  "undecodable-url-500": {
    open: false,
    symptom: NOT_EMPTY,
    where: "proxy.ts (or Next.js itself)",
    summary:
      "A path with a malformed percent-escape (`/api/courses/%ff`, `/courses/%E0%A4%A`) answers a bare `500 Internal Server Error` " +
      "with none of the security headers: Next's router throws DecodeError, tries to render a 400 page and fails.",
    fix:
      "In proxy.ts, before anything else: `try { request.nextUrl.pathname.split('/').forEach(decodeURIComponent) } catch { return " +
      "new NextResponse('Bad request: malformed URL.', { status: 400, headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': " +
      "contentSecurityPolicy() } }) }` (JSON `{error:{code:'bad_request',…}}` for /api/ paths).",
  },
  "join-link-double-decode": {
    open: false,
    symptom: /expected 500 to be 200/,
    where: "app/join/[code]/page.tsx",
    summary:
      "The join-link page calls decodeURIComponent on a param Next has already decoded, so a link whose code contains a lone `%` " +
      "(`/join/%25`, `/join/50%25off`) throws URIError and renders a 500 page.",
    fix: "Drop the extra decode: `normalizeJoinCode(raw)` (Next's params are already decoded), or wrap it in try/catch and treat failure as an invalid code.",
  },
  "teach-card-page-404-is-500": {
    open: false,
    symptom: NOT_EMPTY,
    where: "app/teach/classes/[id]/cards/[cardId]/page.tsx",
    summary:
      "The instructor's card page calls getCardInsight outside guardPage, so its NotFoundError (a card id of another course, a " +
      "mistyped id) is not turned into the 404 page: the page answers 500.",
    fix: "`const { card, source, stats } = await guardPage(() => getCardInsight(user, id, cardId));`",
  },
};
