-- Covering index for class dashboards (lib/classes/progress.ts): every card's standing logs per student,
-- in order, read index-only (no heap access, no sort).
CREATE INDEX "ReviewLog_class_progress_idx" ON "ReviewLog"("courseId", "userId", "cardId", "reviewedAt", "undone", "kind", "rating", "state");
