-- CardReviewSummary: one row per (student, card) summing up that student's standing (not undone)
-- review logs of the card, so class dashboards never scan ReviewLog (lib/classes/progress.ts,
-- docs/decisions/0005-classes-and-assignments.md). Kept exact by a trigger on ReviewLog that
-- recomputes the pair's row from its logs in the same transaction as every insert, undo or delete.

-- The first dashboard attempt scanned ReviewLog through this covering index; the summary replaces it.
DROP INDEX "ReviewLog_class_progress_idx";

-- One student's logs of one card, in order: what the trigger below reads on every write.
CREATE INDEX "ReviewLog_userId_cardId_reviewedAt_idx" ON "ReviewLog"("userId", "cardId", "reviewedAt");

-- CreateTable
CREATE TABLE "CardReviewSummary" (
    "userId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "agains" INTEGER NOT NULL,
    "resets" INTEGER NOT NULL,
    "learnedAt" TIMESTAMP(3),
    "lastAnswerAt" TIMESTAMP(3),
    "lastAgainAt" TIMESTAMP(3),
    "recallSince" TIMESTAMP(3),

    CONSTRAINT "CardReviewSummary_pkey" PRIMARY KEY ("userId","cardId")
);

-- CreateIndex
CREATE INDEX "CardReviewSummary_courseId_userId_idx" ON "CardReviewSummary"("courseId", "userId");

-- CreateIndex
CREATE INDEX "CardReviewSummary_cardId_idx" ON "CardReviewSummary"("cardId");

-- AddForeignKey
ALTER TABLE "CardReviewSummary" ADD CONSTRAINT "CardReviewSummary_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardReviewSummary" ADD CONSTRAINT "CardReviewSummary_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardReviewSummary" ADD CONSTRAINT "CardReviewSummary_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Recomputes one (student, card) row from that pair's standing logs (a handful of rows, found
-- through "ReviewLog_userId_cardId_reviewedAt_idx"); deletes the row when no standing log is left.
--   learnedAt:   the first answer whose resulting state was review or relearning (relearning is only
--                reachable through review), i.e. when the card first reached review;
--   recallSince: the first answer after the last Again (null when there was no Again).
CREATE FUNCTION "retain_refresh_card_review_summary"(p_user TEXT, p_card TEXT, p_course TEXT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  facts RECORD;
BEGIN
  SELECT count(*) AS logs,
         count(*) FILTER (WHERE l."kind" = 'answer') AS answers,
         count(*) FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1) AS agains,
         count(*) FILTER (WHERE l."kind" = 'reset') AS resets,
         min(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND (l."stateAfter" ->> 'state') IN ('review', 'relearning')) AS learned_at,
         max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer') AS last_answer_at,
         max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1) AS last_again_at
    INTO facts
    FROM "ReviewLog" l
   WHERE l."courseId" = p_course AND l."userId" = p_user AND l."cardId" = p_card AND NOT l."undone";

  IF facts.logs = 0 THEN
    DELETE FROM "CardReviewSummary" WHERE "userId" = p_user AND "cardId" = p_card;
    RETURN;
  END IF;

  INSERT INTO "CardReviewSummary" AS s
         ("userId", "cardId", "courseId", "answers", "agains", "resets", "learnedAt", "lastAnswerAt", "lastAgainAt", "recallSince")
  VALUES (p_user, p_card, p_course, facts.answers, facts.agains, facts.resets, facts.learned_at, facts.last_answer_at, facts.last_again_at,
          CASE WHEN facts.last_again_at IS NOT NULL THEN (
            SELECT min(r."reviewedAt") FROM "ReviewLog" r
             WHERE r."courseId" = p_course AND r."userId" = p_user AND r."cardId" = p_card AND NOT r."undone"
               AND r."kind" = 'answer' AND r."reviewedAt" > facts.last_again_at) END)
  ON CONFLICT ("userId", "cardId") DO UPDATE SET
         "courseId" = EXCLUDED."courseId",
         "answers" = EXCLUDED."answers",
         "agains" = EXCLUDED."agains",
         "resets" = EXCLUDED."resets",
         "learnedAt" = EXCLUDED."learnedAt",
         "lastAnswerAt" = EXCLUDED."lastAnswerAt",
         "lastAgainAt" = EXCLUDED."lastAgainAt",
         "recallSince" = EXCLUDED."recallSince";
END;
$$;

CREATE FUNCTION "retain_review_log_summary_trigger"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM "retain_refresh_card_review_summary"(OLD."userId", OLD."cardId", OLD."courseId");
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR (OLD."userId", OLD."cardId") IS DISTINCT FROM (NEW."userId", NEW."cardId")) THEN
    PERFORM "retain_refresh_card_review_summary"(NEW."userId", NEW."cardId", NEW."courseId");
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ReviewLog_card_review_summary"
AFTER INSERT OR DELETE OR UPDATE OF "undone", "kind", "rating", "reviewedAt", "stateAfter", "userId", "cardId", "courseId" ON "ReviewLog"
FOR EACH ROW EXECUTE FUNCTION "retain_review_log_summary_trigger"();

-- Backfill from the logs already stored.
INSERT INTO "CardReviewSummary" ("userId", "cardId", "courseId", "answers", "agains", "resets", "learnedAt", "lastAnswerAt", "lastAgainAt")
SELECT l."userId", l."cardId", min(l."courseId"),
       count(*) FILTER (WHERE l."kind" = 'answer'),
       count(*) FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1),
       count(*) FILTER (WHERE l."kind" = 'reset'),
       min(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND (l."stateAfter" ->> 'state') IN ('review', 'relearning')),
       max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer'),
       max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1)
  FROM "ReviewLog" l
 WHERE NOT l."undone"
 GROUP BY l."userId", l."cardId";

UPDATE "CardReviewSummary" s
   SET "recallSince" = (
     SELECT min(r."reviewedAt") FROM "ReviewLog" r
      WHERE r."courseId" = s."courseId" AND r."userId" = s."userId" AND r."cardId" = s."cardId" AND NOT r."undone"
        AND r."kind" = 'answer' AND r."reviewedAt" > s."lastAgainAt")
 WHERE s."lastAgainAt" IS NOT NULL;
