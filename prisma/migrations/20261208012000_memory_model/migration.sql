
-- CreateEnum
CREATE TYPE "WeightsSource" AS ENUM ('defaults', 'course', 'student');

-- CreateEnum
CREATE TYPE "MemoryModelRunStatus" AS ENUM ('running', 'done', 'failed');

-- AlterTable
ALTER TABLE "CourseSettings" ADD COLUMN     "fittedWeightsOptOut" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "weightsFitId" TEXT,
ADD COLUMN     "weightsSource" "WeightsSource" NOT NULL DEFAULT 'defaults';

-- CreateTable
CREATE TABLE "MemoryModelRun" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "status" "MemoryModelRunStatus" NOT NULL DEFAULT 'running',
    "reason" TEXT NOT NULL,
    "requestedById" TEXT,
    "fittedAt" TIMESTAMP(3),
    "decisions" JSONB NOT NULL DEFAULT '[]',
    "appliedUserIds" TEXT[],
    "error" TEXT,
    "optimizerSeconds" DOUBLE PRECISION,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MemoryModelRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemoryModelFit" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "userId" TEXT,
    "weightsModel" TEXT NOT NULL DEFAULT 'FSRS-6',
    "weights" DOUBLE PRECISION[],
    "reviewCount" INTEGER NOT NULL,
    "studentCount" INTEGER NOT NULL,
    "logLoss" DOUBLE PRECISION,
    "rmseBins" DOUBLE PRECISION,
    "baselineLogLoss" DOUBLE PRECISION,
    "baselineRmseBins" DOUBLE PRECISION,
    "accepted" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemoryModelFit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MemoryModelRun_courseId_startedAt_idx" ON "MemoryModelRun"("courseId", "startedAt");

-- CreateIndex
CREATE INDEX "MemoryModelFit_courseId_userId_createdAt_idx" ON "MemoryModelFit"("courseId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "MemoryModelFit_runId_idx" ON "MemoryModelFit"("runId");

-- CreateIndex
CREATE INDEX "MemoryModelFit_userId_idx" ON "MemoryModelFit"("userId");

-- AddForeignKey
ALTER TABLE "MemoryModelRun" ADD CONSTRAINT "MemoryModelRun_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemoryModelFit" ADD CONSTRAINT "MemoryModelFit_runId_fkey" FOREIGN KEY ("runId") REFERENCES "MemoryModelRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemoryModelFit" ADD CONSTRAINT "MemoryModelFit_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemoryModelFit" ADD CONSTRAINT "MemoryModelFit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

