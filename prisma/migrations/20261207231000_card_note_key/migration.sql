-- Cards of one note (the deletions of one cloze sentence) are siblings: never shown on the same day.
ALTER TABLE "Card" ADD COLUMN "noteKey" TEXT;
UPDATE "Card" SET "noteKey" = regexp_replace("key", '#c[0-9]+$', '');
ALTER TABLE "Card" ALTER COLUMN "noteKey" SET NOT NULL;
CREATE INDEX "Card_courseId_noteKey_idx" ON "Card"("courseId", "noteKey");
