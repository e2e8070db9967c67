-- Lateness is judged by when the server received an answer ("ReviewLog"."receivedAt"), not by the
-- time the device claims (docs/decisions/0010-offline-answer-times.md). The summary keeps, next to
-- when each card was learned and since when it has been recalled, when the server received the
-- answer that did it.
-- When the server received each log (the request's clock, not the device's). Earlier logs: when stored.
ALTER TABLE "ReviewLog" ADD COLUMN "receivedAt" TIMESTAMP(3);
UPDATE "ReviewLog" SET "receivedAt" = "createdAt";
ALTER TABLE "ReviewLog" ALTER COLUMN "receivedAt" SET DEFAULT CURRENT_TIMESTAMP, ALTER COLUMN "receivedAt" SET NOT NULL;

ALTER TABLE "CardReviewSummary" ADD COLUMN "learnedReceivedAt" TIMESTAMP(3),
                                ADD COLUMN "recallReceivedAt" TIMESTAMP(3);

CREATE OR REPLACE FUNCTION "retain_refresh_card_review_summary"(p_user TEXT, p_card TEXT, p_course TEXT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  facts RECORD;
  recall_since TIMESTAMP(3);
  recall_received TIMESTAMP(3);
BEGIN
  SELECT count(*) AS logs,
         count(*) FILTER (WHERE l."kind" = 'answer') AS answers,
         count(*) FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1) AS agains,
         count(*) FILTER (WHERE l."kind" = 'reset') AS resets,
         min(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND (l."stateAfter" ->> 'state') IN ('review', 'relearning')) AS learned_at,
         (array_agg(l."receivedAt" ORDER BY l."reviewedAt", l."receivedAt")
            FILTER (WHERE l."kind" = 'answer' AND (l."stateAfter" ->> 'state') IN ('review', 'relearning')))[1] AS learned_received_at,
         max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer') AS last_answer_at,
         max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1) AS last_again_at
    INTO facts
    FROM "ReviewLog" l
   WHERE l."courseId" = p_course AND l."userId" = p_user AND l."cardId" = p_card AND NOT l."undone";

  IF facts.logs = 0 THEN
    DELETE FROM "CardReviewSummary" WHERE "userId" = p_user AND "cardId" = p_card;
    RETURN;
  END IF;

  IF facts.last_again_at IS NOT NULL THEN
    SELECT r."reviewedAt", r."receivedAt" INTO recall_since, recall_received
      FROM "ReviewLog" r
     WHERE r."courseId" = p_course AND r."userId" = p_user AND r."cardId" = p_card AND NOT r."undone"
       AND r."kind" = 'answer' AND r."reviewedAt" > facts.last_again_at
     ORDER BY r."reviewedAt", r."receivedAt"
     LIMIT 1;
  END IF;

  INSERT INTO "CardReviewSummary" AS s
         ("userId", "cardId", "courseId", "answers", "agains", "resets", "learnedAt", "lastAnswerAt", "lastAgainAt", "recallSince",
          "learnedReceivedAt", "recallReceivedAt")
  VALUES (p_user, p_card, p_course, facts.answers, facts.agains, facts.resets, facts.learned_at, facts.last_answer_at, facts.last_again_at,
          recall_since, facts.learned_received_at, recall_received)
  ON CONFLICT ("userId", "cardId") DO UPDATE SET
         "courseId" = EXCLUDED."courseId",
         "answers" = EXCLUDED."answers",
         "agains" = EXCLUDED."agains",
         "resets" = EXCLUDED."resets",
         "learnedAt" = EXCLUDED."learnedAt",
         "lastAnswerAt" = EXCLUDED."lastAnswerAt",
         "lastAgainAt" = EXCLUDED."lastAgainAt",
         "recallSince" = EXCLUDED."recallSince",
         "learnedReceivedAt" = EXCLUDED."learnedReceivedAt",
         "recallReceivedAt" = EXCLUDED."recallReceivedAt";
END;
$$;

-- Backfill from the logs already stored.
UPDATE "CardReviewSummary" s
   SET "learnedReceivedAt" = (
     SELECT l."receivedAt" FROM "ReviewLog" l
      WHERE l."courseId" = s."courseId" AND l."userId" = s."userId" AND l."cardId" = s."cardId" AND NOT l."undone"
        AND l."kind" = 'answer' AND (l."stateAfter" ->> 'state') IN ('review', 'relearning')
      ORDER BY l."reviewedAt", l."receivedAt" LIMIT 1)
 WHERE s."learnedAt" IS NOT NULL;

UPDATE "CardReviewSummary" s
   SET "recallReceivedAt" = (
     SELECT r."receivedAt" FROM "ReviewLog" r
      WHERE r."courseId" = s."courseId" AND r."userId" = s."userId" AND r."cardId" = s."cardId" AND NOT r."undone"
        AND r."kind" = 'answer' AND r."reviewedAt" > s."lastAgainAt"
      ORDER BY r."reviewedAt", r."receivedAt" LIMIT 1)
 WHERE s."lastAgainAt" IS NOT NULL;
