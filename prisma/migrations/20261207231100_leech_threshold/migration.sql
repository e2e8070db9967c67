-- A card is a leech once its lapses reach this many (Anki's default 8); it is then suspended.
ALTER TABLE "CourseSettings" ADD COLUMN "leechThreshold" INTEGER NOT NULL DEFAULT 8;
