-- A class may carry an exam date (a calendar day in the class's zone): the exam-day forecast.
ALTER TABLE "Class" ADD COLUMN "examDate" DATE;
