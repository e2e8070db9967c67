import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listCourseChoices, listTeachingClasses, type ClassListEntry } from "@/lib/classes/classes";
import { timeZoneChoices } from "@/lib/classes/time";
import { CreateClassForm } from "@/app/_components/teach/CreateClassForm";
import styles from "@/app/_components/teach/teach.module.css";
import { formStyles } from "@/app/_components/forms/Field";
import { EmptyState } from "@/app/_components/ui/Ui";

export const metadata: Metadata = { title: "Your classes" };

function ClassCard({ cls }: { cls: ClassListEntry }) {
  return (
    <li className={styles.classItem}>
      <h3>
        <Link href={`/teach/classes/${cls.id}`}>{cls.name}</Link>
      </h3>
      <p className={`${styles.muted} ${styles.small}`}>
        {cls.term} · {cls.course.title}
      </p>
      <p className={styles.small}>
        {cls.students} {cls.students === 1 ? "student" : "students"} · {cls.assignments}{" "}
        {cls.assignments === 1 ? "assignment" : "assignments"}
        {cls.as === "co_instructor" ? " · co-instructor" : ""}
      </p>
    </li>
  );
}

export default async function TeachPage() {
  const user = await guardPage(() => requireRole("instructor", "admin"));
  const [classes, courses] = await Promise.all([listTeachingClasses(user), listCourseChoices(user)]);
  const active = classes.filter((cls) => !cls.archived);
  const archived = classes.filter((cls) => cls.archived);
  return (
    <>
      <h1 className={styles.title}>Your classes</h1>
      <p className={styles.subtitle}>Create a class, share its join link, assign lessons and follow progress.</p>
      <p>
        <Link href="/teach/studio">Course studio</Link>: turn your own text into a course for your classes.
      </p>

      <section className={styles.section} aria-labelledby="active-heading">
        <h2 id="active-heading">Classes</h2>
        {active.length === 0 ? (
          <EmptyState
            title="No classes yet"
            testId="no-classes"
            action={
              courses.length > 0 ? (
                <a className={formStyles.button} href="#new-heading">
                  Create your first class
                </a>
              ) : null
            }
          >
            <p>
              A class gives you one join link for your students, assignments with due dates, and everyone&apos;s
              progress on one page.
            </p>
          </EmptyState>
        ) : null}
        <ul className={styles.classList}>
          {active.map((cls) => (
            <ClassCard key={cls.id} cls={cls} />
          ))}
        </ul>
      </section>

      <section className={`${styles.panel}`} aria-labelledby="new-heading">
        <h2 id="new-heading">New class</h2>
        {courses.length === 0 ? (
          <p>No course has been imported yet.</p>
        ) : (
          <CreateClassForm courses={courses} zones={timeZoneChoices()} />
        )}
      </section>

      {archived.length ? (
        <details className={styles.section}>
          <summary>Archived classes ({archived.length})</summary>
          <p className={`${styles.muted} ${styles.small}`}>
            Hidden from dashboards and from students; open one to restore it.
          </p>
          <ul className={styles.classList}>
            {archived.map((cls) => (
              <ClassCard key={cls.id} cls={cls} />
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
