import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getTeachingClass, listRoster } from "@/lib/classes/classes";
import { timeZoneChoices, zonedDate } from "@/lib/classes/time";
import { formStyles } from "@/app/_components/forms/Field";
import { removeCoInstructorAction, removeStudentAction, rotateCodeAction, setArchivedAction, setJoiningAction } from "../../../actions";
import { CoInstructorForm } from "@/app/_components/teach/CoInstructorForm";
import { EditClassForm } from "@/app/_components/teach/EditClassForm";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Class settings" };

type Props = { params: Promise<{ id: string }> };

export default async function ClassSettingsPage({ params }: Props) {
  const { id } = await params;
  const { user } = await guardPage(() => requireInstructorOf(id));
  const [cls, roster] = await Promise.all([getTeachingClass(user, id), listRoster(user, id)]);
  const current = roster.filter((entry) => entry.removedAt === null);
  const former = roster.filter((entry) => entry.removedAt !== null);
  const canOwn = cls.as !== "co_instructor";

  return (
    <>
      <p className={styles.small}>
        <Link href={`/teach/classes/${id}`}>← {cls.name} dashboard</Link>
      </p>
      <h1 className={styles.title}>Settings and roster</h1>
      <p className={styles.subtitle}>
        {cls.name} · {cls.term} · {cls.course.title}
      </p>

      <section className={styles.panel} aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <EditClassForm classId={id} name={cls.name} term={cls.term} timeZone={cls.timeZone} examDate={cls.examDate} zones={timeZoneChoices()} />
      </section>

      <section className={styles.panel} aria-labelledby="joining-heading">
        <h2 id="joining-heading">Joining</h2>
        <p>
          Code <span className={styles.code}>{cls.joinCodeDisplay}</span> · link <code>{cls.joinPath}</code>
        </p>
        <p>{cls.joinEnabled ? "Students can join with the code or link." : "Joining is turned off: the code and link do not work."}</p>
        <div className={styles.actions}>
          <form action={setJoiningAction.bind(null, id, !cls.joinEnabled)}>
            <button className={formStyles.secondaryButton} type="submit">
              {cls.joinEnabled ? "Turn joining off" : "Turn joining on"}
            </button>
          </form>
          <form action={rotateCodeAction.bind(null, id)}>
            <button className={formStyles.secondaryButton} type="submit">
              Make a new code
            </button>
          </form>
        </div>
        <p className={`${styles.small} ${styles.muted}`}>A new code stops the old code and link at once; students already in the class stay.</p>
      </section>

      <section className={styles.panel} aria-labelledby="roster-heading">
        <h2 id="roster-heading">Students ({current.length})</h2>
        {current.length === 0 ? <p>No students yet.</p> : null}
        <ul className={styles.roster}>
          {current.map((student) => (
            <li key={student.userId}>
              <span>
                <strong>{student.name}</strong> <span className={styles.muted}>{student.email}</span>
                <br />
                <span className={`${styles.small} ${styles.muted}`}>Joined {zonedDate(new Date(student.joinedAt), cls.timeZone)}</span>
              </span>
              <form action={removeStudentAction.bind(null, id, student.userId)} className={styles.actions}>
                <label className={styles.check}>
                  <input type="checkbox" name="rotateCode" /> <span className={styles.small}>and make a new code</span>
                </label>
                <button className={formStyles.dangerButton} type="submit" aria-label={`Remove ${student.name} from the class`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
        <p className={`${styles.small} ${styles.muted}`}>
          Removing a student hides them from the dashboard and gradebook; their own reviews are kept. With the current code they could
          join again, so make a new code if they should not.
        </p>
        {former.length ? (
          <details>
            <summary>Former students ({former.length})</summary>
            <ul className={styles.roster}>
              {former.map((student) => (
                <li key={student.userId}>
                  <span>
                    {student.name} <span className={styles.muted}>{student.email}</span>
                  </span>
                  <span className={`${styles.small} ${styles.muted}`}>Left or removed {zonedDate(new Date(student.removedAt!), cls.timeZone)}</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section className={styles.panel} aria-labelledby="instructors-heading">
        <h2 id="instructors-heading">Instructors</h2>
        <ul className={styles.roster}>
          {cls.instructors.map((instructor) => (
            <li key={instructor.userId}>
              <span>
                <strong>{instructor.name}</strong> <span className={styles.muted}>{instructor.email}</span> ·{" "}
                {instructor.role === "owner" ? "owner" : "co-instructor"}
              </span>
              {instructor.role === "co_instructor" && canOwn ? (
                <form action={removeCoInstructorAction.bind(null, id, instructor.userId)}>
                  <button className={formStyles.secondaryButton} type="submit" aria-label={`Remove ${instructor.name} as co-instructor`}>
                    Remove
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        <CoInstructorForm classId={id} />
      </section>

      {canOwn ? (
        <section className={styles.panel} aria-labelledby="archive-heading">
          <h2 id="archive-heading">{cls.archived ? "Restore" : "Archive"}</h2>
          <p>
            {cls.archived
              ? "Restoring shows the class to its students and on your class list again."
              : "Archiving hides the class from students and dashboards and stops joining. Nothing is deleted; you can restore it."}
          </p>
          <form action={setArchivedAction.bind(null, id, !cls.archived)}>
            <button className={cls.archived ? formStyles.secondaryButton : formStyles.dangerButton} type="submit">
              {cls.archived ? "Restore class" : "Archive class"}
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}
