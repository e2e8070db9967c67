-- An answer's single conditional write (lib/review/answer.ts) takes the shared settings lock of its
-- course and, only once it holds it, reads which version of the student's settings row is current.
-- A VOLATILE function is what makes that read see a settings change committed while the statement
-- waited for the lock: each statement inside it takes a fresh snapshot (READ COMMITTED), where the
-- calling statement's own snapshot predates the wait. Returns the row's xmin (it changes with every
-- update), or NULL when the student has no settings row for the course.
CREATE FUNCTION retain_settings_version_held(lock_key integer, user_id text, course_id text)
RETURNS text
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  current_version text;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(lock_key);
  SELECT xmin::text INTO current_version FROM "CourseSettings" WHERE "userId" = user_id AND "courseId" = course_id;
  RETURN current_version;
END
$$;
