-- Course studio: instructors' own courses (drafts, co-authors, published versions). A Course row with
-- studioId set was published from the studio; a built-in course (content/) keeps studioId null.
-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "studioId" TEXT;

-- CreateTable
CREATE TABLE "StudioCourse" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sourceTitle" TEXT NOT NULL,
    "sourceText" TEXT NOT NULL,
    "draft" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudioCourse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudioCourseAuthor" (
    "studioCourseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudioCourseAuthor_pkey" PRIMARY KEY ("studioCourseId","userId")
);

-- CreateTable
CREATE TABLE "StudioCourseVersion" (
    "id" TEXT NOT NULL,
    "studioCourseId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "files" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "cardCount" INTEGER NOT NULL,

    CONSTRAINT "StudioCourseVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StudioCourse_slug_key" ON "StudioCourse"("slug");

-- CreateIndex
CREATE INDEX "StudioCourse_ownerId_idx" ON "StudioCourse"("ownerId");

-- CreateIndex
CREATE INDEX "StudioCourseAuthor_userId_idx" ON "StudioCourseAuthor"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "StudioCourseVersion_studioCourseId_version_key" ON "StudioCourseVersion"("studioCourseId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Course_studioId_key" ON "Course"("studioId");

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_studioId_fkey" FOREIGN KEY ("studioId") REFERENCES "StudioCourse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioCourse" ADD CONSTRAINT "StudioCourse_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioCourseAuthor" ADD CONSTRAINT "StudioCourseAuthor_studioCourseId_fkey" FOREIGN KEY ("studioCourseId") REFERENCES "StudioCourse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioCourseAuthor" ADD CONSTRAINT "StudioCourseAuthor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioCourseVersion" ADD CONSTRAINT "StudioCourseVersion_studioCourseId_fkey" FOREIGN KEY ("studioCourseId") REFERENCES "StudioCourse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudioCourseVersion" ADD CONSTRAINT "StudioCourseVersion_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

