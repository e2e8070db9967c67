import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listStudioCourses } from "@/lib/studio/courses";
import { NewStudioCourseForm } from "@/app/_components/studio/NewStudioCourseForm";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Course studio" };

export default async function StudioPage() {
  const user = await guardPage(() => requireRole("instructor", "admin"));
  const courses = await listStudioCourses(user);
  return (
    <>
      <h1 className={styles.title}>Course studio</h1>
      <p className={styles.subtitle}>
        Turn a text into lessons and flashcards: the studio proposes drafts, you accept and fix them, then publish and assign the
        course to a class.
      </p>
      <section className={styles.section} aria-labelledby="studio-courses">
        <h2 id="studio-courses">Your studio courses</h2>
        {courses.length === 0 ? <p>None yet.</p> : null}
        <ul className={styles.classList}>
          {courses.map((course) => (
            <li key={course.slug} className={styles.classItem}>
              <h3>
                <Link href={`/teach/studio/${course.slug}`}>{course.title}</Link>
              </h3>
              <p className={`${styles.muted} ${styles.small}`}>
                {course.status === "draft" ? "Draft, not published" : `Published, version ${course.version}`}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section className={styles.panel} aria-labelledby="new-studio-course">
        <h2 id="new-studio-course">New course from a text</h2>
        <NewStudioCourseForm />
      </section>
    </>
  );
}
