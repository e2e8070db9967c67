import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getTeachingClass } from "@/lib/classes/classes";
import { getClassMemoryModel } from "@/lib/memory-model/access";
import { getClassExamForecast } from "@/lib/classes/exam";
import { formatExamDate, formatRecall } from "@/lib/review/exam";
import { getClassWorkload } from "@/lib/memory-model/workload";
import { RefitButton } from "@/app/_components/teach/RefitButton";
import { WorkloadChart } from "@/app/_components/memory/WorkloadChart";
import { formStyles } from "@/app/_components/forms/Field";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Memory model" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ workload?: string }> };

const figure = (value: number | null) => (value === null ? "–" : value.toFixed(3));
const when = (iso: string | null) => (iso ? new Date(iso).toUTCString().replace(" GMT", " UTC") : "–");

export default async function ClassMemoryModelPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { workload: wantWorkload } = await searchParams;
  const { user } = await guardPage(() => requireInstructorOf(id));
  const now = new Date();
  const [cls, model, exam, workload] = await Promise.all([
    getTeachingClass(user, id),
    getClassMemoryModel(user, id),
    getClassExamForecast(user, id, now),
    wantWorkload === "1" ? getClassWorkload(user, id, now) : null,
  ]);
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

      <section className={styles.panel} aria-labelledby="workload-heading" data-testid="class-workload">
        <h2 id="workload-heading">What would another desired retention cost the class?</h2>
        {workload ? (
          workload.sampled === 0 ? (
            <p>No students in this class yet: nothing to simulate.</p>
          ) : (
            <>
              <p>
                A simulation of {workload.sampled === workload.students ? `all ${workload.students}` : `${workload.sampled} of the ${workload.students}`}{" "}
                students&apos; own cards, weights and daily limits over the next 30 and 90 days: the mean student&apos;s reviews a day and
                expected recall. What FSRS expects, not a promise.
              </p>
              <WorkloadChart workload={workload} title="The class: reviews a day and expected recall by desired retention" />
            </>
          )
        ) : (
          <form method="get">
            <input type="hidden" name="workload" value="1" />
            <p>Simulate the class&apos;s next 30 and 90 days at several desired retentions (takes a few seconds).</p>
            <button type="submit" className={formStyles.secondaryButton}>
              Simulate the class&apos;s workload
            </button>
          </form>
        )}
      </section>

      <p>
        <Link href={`/teach/classes/${id}/memory/map`}>Memory map of the essay</Link>: which passages the class is losing.
      </p>

      <section className={styles.panel} aria-labelledby="exam-heading" data-testid="exam-forecast">
        <h2 id="exam-heading">Exam-day forecast</h2>
        {exam.examDate === null ? (
          <p>
            No exam date set. Set one in <Link href={`/teach/classes/${id}/settings`}>settings</Link> to see each student&apos;s and each
            lesson&apos;s predicted recall on that day.
          </p>
        ) : exam.past ? (
          <p>The exam day ({formatExamDate(exam.examDate)}) has passed. Set the next one in <Link href={`/teach/classes/${id}/settings`}>settings</Link>.</p>
        ) : (
          <>
            <p>
              Predicted recall on {formatExamDate(exam.examDate)} if students review nothing more before then: the FSRS forgetting curve
              from each card&apos;s current memory state, under the student&apos;s own weights. Cards not yet learned are not counted.
              Students see their own figure and can study the cards below their target.
            </p>
            <div className={styles.tableWrap}>
              <table className={styles.table}>
                <caption className="visually-hidden">Predicted recall on exam day per student, lowest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Predicted recall</th>
                    <th scope="col">Cards learned</th>
                    <th scope="col">Below their target</th>
                  </tr>
                </thead>
                <tbody>
                  {exam.students.map((student) => (
                    <tr key={student.userId}>
                      <th scope="row">
                        <Link href={`/teach/classes/${id}/students/${student.userId}`}>{student.name}</Link>
                      </th>
                      <td>{formatRecall(student.meanRecall)}</td>
                      <td>{student.cards}</td>
                      <td>
                        {student.belowTarget} <span className={styles.small}>(target {formatRecall(student.target)})</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className={styles.tableWrap}>
              <table className={styles.table}>
                <caption className="visually-hidden">Predicted recall on exam day per lesson, in course order</caption>
                <thead>
                  <tr>
                    <th scope="col">Lesson</th>
                    <th scope="col">Class mean</th>
                    <th scope="col">Students who learned cards of it</th>
                  </tr>
                </thead>
                <tbody>
                  {exam.lessons.map((lesson) => (
                    <tr key={lesson.lessonKey}>
                      <th scope="row">{lesson.title}</th>
                      <td>{formatRecall(lesson.meanRecall)}</td>
                      <td>{lesson.students}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
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
