-- Cards may cite more than one passage of the source (docs/CONTENT.md, "sources"): every cited
-- passage as [{ anchor, quote }], the first being "sourceAnchor"/"sourceQuote". Rows imported
-- before this column hold [] until the next import writes them; readers fall back to the first.
-- AlterTable
ALTER TABLE "Card" ADD COLUMN     "sources" JSONB NOT NULL DEFAULT '[]';

-- A student has seen a course's content note: it is shown once, before their first review of
-- the course (lib/courses/content-note.ts).
-- CreateTable
CREATE TABLE "ContentNoteAcknowledgement" (
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "acknowledgedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContentNoteAcknowledgement_pkey" PRIMARY KEY ("userId","courseId")
);

-- CreateIndex
CREATE INDEX "ContentNoteAcknowledgement_courseId_idx" ON "ContentNoteAcknowledgement"("courseId");

-- AddForeignKey
ALTER TABLE "ContentNoteAcknowledgement" ADD CONSTRAINT "ContentNoteAcknowledgement_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentNoteAcknowledgement" ADD CONSTRAINT "ContentNoteAcknowledgement_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;
