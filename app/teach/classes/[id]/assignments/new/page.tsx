import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { courseOutline } from "@/lib/classes/assignments";
import { getTeachingClass } from "@/lib/classes/classes";
import { utcToZonedLocal } from "@/lib/classes/time";
import { AssignmentForm } from "@/app/_components/teach/AssignmentForm";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "New assignment" };

type Props = { params: Promise<{ id: string }> };

export default async function NewAssignmentPage({ params }: Props) {
  const { id } = await params;
  const { user } = await guardPage(() => requireInstructorOf(id));
  const [cls, outline] = await Promise.all([getTeachingClass(user, id), courseOutline(user, id)]);
  const now = new Date();
  const inAWeek = utcToZonedLocal(new Date(now.getTime() + 7 * 86_400_000), cls.timeZone).slice(0, 10);
  return (
    <>
      <p className={styles.small}>
        <Link href={`/teach/classes/${id}`}>← {cls.name} dashboard</Link>
      </p>
      <h1 className={styles.title}>New assignment</h1>
      <p className={styles.subtitle}>
        {cls.name} · {cls.course.title}. Students see it with its due date, and its new cards come first in their reviews.
      </p>
      {cls.archived ? (
        <p className={styles.banner}>This class is archived; restore it before assigning work.</p>
      ) : (
        <div className={styles.panel}>
          <AssignmentForm
            classId={id}
            outline={outline}
            timeZone={cls.timeZone}
            defaultOpensAt={utcToZonedLocal(now, cls.timeZone)}
            defaultDueAt={`${inAWeek}T23:59`}
          />
        </div>
      )}
    </>
  );
}
