import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getTeachingClass } from "@/lib/classes/classes";
import { getClassMemoryModel } from "@/lib/memory-model/access";
import { RefitButton } from "@/app/_components/teach/RefitButton";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Memory model" };

type Props = { params: Promise<{ id: string }> };

const figure = (value: number | null) => (value === null ? "–" : value.toFixed(3));
const when = (iso: string | null) => (iso ? new Date(iso).toUTCString().replace(" GMT", " UTC") : "–");

export default async function ClassMemoryModelPage({ params }: Props) {
  const { id } = await params;
  const { user } = await guardPage(() => requireInstructorOf(id));
  const [cls, model] = await Promise.all([getTeachingClass(user, id), getClassMemoryModel(user, id)]);
  const current = model.current;

  return (
    <>
      <p className={styles.small}>
        <Link href={`/teach/classes/${id}`}>← {cls.name} dashboard</Link>
      </p>
      <h1 className={styles.title}>Memory model</h1>
      <p className={styles.subtitle}>
        {cls.course.title}: FSRS weights fitted to every student&apos;s reviews in the course (all its classes), refitted nightly.
      </p>

      <section className={styles.panel} aria-labelledby="fit-heading">
        <h2 id="fit-heading">Course fit in use</h2>
        {current ? (
          <>
            <p>
              Fitted {when(current.fittedAt)} on {current.reviewCount} reviews from {current.studentCount} students. On the newest fifth
              of those reviews, held out of the fit, it predicted recall with log loss {figure(current.logLoss)} (FSRS defaults:{" "}
              {figure(current.baselineLogLoss)}) and RMSE {figure(current.rmseBins)} (defaults: {figure(current.baselineRmseBins)}); lower
              is better.
            </p>
            <p className={styles.small}>
              Students with a long history that their own weights predict better get their own; everyone else uses these. A student
              may opt out to the defaults in their settings.
            </p>
          </>
        ) : (
          <p>No fit in use yet: students are scheduled with FSRS&apos;s default weights until the course has enough reviews for a fit that beats them.</p>
        )}
        <RefitButton classId={id} />
      </section>

      <section className={styles.panel} aria-labelledby="history-heading">
        <h2 id="history-heading">Fit history</h2>
        {model.runs.length === 0 ? (
          <p>No runs yet.</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <caption className="visually-hidden">Memory-model runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reviews</th>
                  <th scope="col">Log loss (defaults)</th>
                  <th scope="col">RMSE (defaults)</th>
                  <th scope="col">Used</th>
                  <th scope="col">Own weights</th>
                </tr>
              </thead>
              <tbody>
                {model.runs.map((run) => (
                  <tr key={run.id}>
                    <th scope="row">
                      {when(run.startedAt)} <span className={styles.small}>({run.reason})</span>
                    </th>
                    <td>{run.status === "running" && run.error ? `interrupted: ${run.error}` : run.status}</td>
                    <td>{run.courseFit?.reviewCount ?? "–"}</td>
                    <td>
                      {figure(run.courseFit?.logLoss ?? null)} ({figure(run.courseFit?.baselineLogLoss ?? null)})
                    </td>
                    <td>
                      {figure(run.courseFit?.rmseBins ?? null)} ({figure(run.courseFit?.baselineRmseBins ?? null)})
                    </td>
                    <td>{run.courseFit ? (run.courseFit.accepted ? "yes" : "no") : "too few reviews"}</td>
                    <td>
                      {run.studentsWithOwnWeights} of {run.students}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
