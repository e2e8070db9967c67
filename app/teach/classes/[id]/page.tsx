import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getClassDashboard, type DashboardStudent } from "@/lib/classes/dashboard";
import { parseCardSort, parseDir, parseStudentSort, sortCards, sortStudents, type SortDir } from "@/lib/classes/sort";
import { formatInZone, zonedDate } from "@/lib/classes/time";
import { formStyles } from "@/app/_components/forms/Field";
import { archiveAssignmentAction, setArchivedAction } from "../../actions";
import { CompletionChart } from "@/app/_components/teach/CompletionChart";
import { CopyLinkButton } from "@/app/_components/teach/CopyLinkButton";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Class dashboard" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

function lastActive(iso: string | null, timeZone: string): string {
  return iso ? zonedDate(new Date(iso), timeZone) : "never";
}

export default async function ClassDashboardPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const { user, as } = await guardPage(() => requireInstructorOf(id));
  const now = new Date();
  const dashboard = await getClassDashboard(user, id, now);
  const { class: cls, assignments } = dashboard;

  const sort = parseStudentSort(query.sort, assignments.map((assignment) => assignment.id));
  const dir = parseDir(query.dir, sort === "name" ? "asc" : "desc");
  const cardSort = parseCardSort(query.cardSort);
  const cardDir = parseDir(query.cardDir, cardSort === "position" ? "asc" : "desc");
  const students = sortStudents(dashboard.students, sort, dir);
  const cards = sortCards(dashboard.cards, cardSort, cardDir);

  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ sort, dir, cardSort, cardDir, ...changes })) next.set(key, value);
    return `/teach/classes/${id}?${next}`;
  };
  const studentHeader = (key: string, label: string, numeric = true) => {
    const active = sort === key;
    const nextDir: SortDir = active ? (dir === "asc" ? "desc" : "asc") : key === "name" ? "asc" : "desc";
    return (
      <th scope="col" className={numeric ? styles.num : undefined} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link className={styles.sortLink} href={`${link({ sort: key, dir: nextDir })}#students`} scroll={false}>
          {label}
          {active ? (dir === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      </th>
    );
  };
  const cardHeader = (key: string, label: string, numeric = true) => {
    const active = cardSort === key;
    const nextDir: SortDir = active ? (cardDir === "asc" ? "desc" : "asc") : key === "position" ? "asc" : "desc";
    return (
      <th scope="col" className={numeric ? styles.num : undefined} aria-sort={active ? (cardDir === "asc" ? "ascending" : "descending") : undefined}>
        <Link className={styles.sortLink} href={`${link({ cardSort: key, cardDir: nextDir })}#cards`} scroll={false}>
          {label}
          {active ? (cardDir === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      </th>
    );
  };
  const cell = (student: DashboardStudent, assignmentId: string) => {
    const progress = student.progress[assignmentId];
    if (!progress) return "–";
    return (
      <span className={progress.complete ? (progress.late ? styles.late : styles.done) : undefined}>
        {progress.percent}%{progress.late ? " late" : ""}
        {progress.setAside > 0 ? (
          <span className={styles.small} title="Cards the student suspended: left out of this assignment's total">
            {" "}
            ({progress.setAside} set aside)
          </span>
        ) : null}
      </span>
    );
  };

  return (
    <>
      <p className={styles.small}>
        <Link href="/teach">← All classes</Link>
      </p>
      <h1 className={styles.title}>{cls.name}</h1>
      <p className={styles.subtitle}>
        {cls.term} · {cls.course.title} · times in {cls.timeZone.replaceAll("_", " ")}
      </p>

      {cls.archived ? (
        <div className={styles.banner}>
          <p>This class is archived: students no longer see it and it is hidden from your class list. No review history was deleted.</p>
          {as !== "co_instructor" ? (
            <form action={setArchivedAction.bind(null, id, false)}>
              <button className={formStyles.secondaryButton} type="submit">
                Restore class
              </button>
            </form>
          ) : null}
        </div>
      ) : null}

      <div className={styles.actions}>
        {!cls.archived ? (
          <Link className={formStyles.button} href={`/teach/classes/${id}/assignments/new`}>
            New assignment
          </Link>
        ) : null}
        <Link className={formStyles.secondaryButton} href={`/teach/classes/${id}/settings`}>
          Settings and roster
        </Link>
        <a className={formStyles.secondaryButton} href={`/api/classes/${id}/gradebook.csv`} download>
          Download gradebook (CSV)
        </a>
      </div>

      <section className={styles.panel} aria-labelledby="join-heading">
        <h2 id="join-heading">Join code</h2>
        {cls.joinEnabled && !cls.archived ? (
          <>
            <p>
              Students join at <code>{cls.joinPath}</code> or by entering the code at <code>/join</code>:
            </p>
            <p className={styles.code} data-testid="join-code">
              {cls.joinCodeDisplay}
            </p>
            <CopyLinkButton path={cls.joinPath} />
          </>
        ) : (
          <p>Joining is turned off. Turn it on in settings to let students join.</p>
        )}
      </section>

      <section className={styles.section} aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">Assignments</h2>
        {assignments.length === 0 ? <p>No assignments yet.</p> : null}
        <ul className={styles.assignments}>
          {assignments.map((assignment) => (
            <li key={assignment.id} className={styles.assignment}>
              <h3>{assignment.title}</h3>
              <p className={`${styles.small} ${styles.muted}`}>
                Due {formatInZone(new Date(assignment.dueAt), cls.timeZone)} · {assignment.goal === "recall" ? "Recall" : "Learn"} ·{" "}
                {assignment.cardCount} cards
              </p>
              <p className={styles.small}>
                {assignment.completed} of {students.length} complete
                {assignment.completedLate ? ` (${assignment.completedLate} late)` : ""} · mean {assignment.meanPercent}%
              </p>
              <CompletionChart title={assignment.title} points={assignment.timeline} dueDate={zonedDate(new Date(assignment.dueAt), cls.timeZone)} />
              <form action={archiveAssignmentAction.bind(null, id, assignment.id)}>
                <button className={formStyles.secondaryButton} type="submit">
                  Archive assignment
                </button>
              </form>
            </li>
          ))}
        </ul>
      </section>

      <section className={styles.section} aria-labelledby="students-heading" id="students">
        <h2 id="students-heading">Students ({students.length})</h2>
        {students.length === 0 ? (
          <p>No students yet. Share the join code.</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="students-table">
              <caption className="visually-hidden">Students and their progress; column headers sort the table.</caption>
              <thead>
                <tr>
                  {studentHeader("name", "Student", false)}
                  {assignments.map((assignment) => (
                    <Fragment key={assignment.id}>{studentHeader(`a:${assignment.id}`, assignment.title)}</Fragment>
                  ))}
                  {studentHeader("completion", "Completion")}
                  {studentHeader("learned", "Cards learned")}
                  {studentHeader("reviews7d", "Reviews (7 days)")}
                  {studentHeader("overdue", "Overdue")}
                  {studentHeader("retention", "Est. retention")}
                  {studentHeader("lastActive", "Last active")}
                </tr>
              </thead>
              <tbody>
                {students.map((student) => (
                  <tr key={student.id}>
                    <th scope="row" title={student.email}>
                      {student.name}
                      <br />
                      <span className={`${styles.small} ${styles.muted}`}>{student.email}</span>
                    </th>
                    {assignments.map((assignment) => (
                      <td key={assignment.id} className={styles.num}>
                        {cell(student, assignment.id)}
                      </td>
                    ))}
                    <td className={styles.num}>{student.completion === null ? "–" : `${student.completion}%`}</td>
                    <td className={styles.num}>
                      {student.cardsLearned} / {dashboard.cardCount}
                    </td>
                    <td className={styles.num}>{student.reviews7d}</td>
                    <td className={styles.num}>{student.overdue}</td>
                    <td className={styles.num}>{percent(student.retention)}</td>
                    <td>{lastActive(student.lastActiveAt, cls.timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className={`${styles.small} ${styles.muted}`}>
          A card is learned once it has reached review. Est. retention is the mean predicted recall today of learned cards. Overdue:
          cards in review whose due time has passed.
        </p>
      </section>

      <section className={styles.section} aria-labelledby="cards-heading" id="cards">
        <h2 id="cards-heading">Cards</h2>
        <p className={`${styles.small} ${styles.muted}`}>How the class does on each card; sort by Again share to find confusing ones.</p>
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="cards-table">
            <caption className="visually-hidden">Per-card figures for the class; column headers sort the table.</caption>
            <thead>
              <tr>
                {cardHeader("position", "Card (course order)", false)}
                {cardHeader("againShare", "Again share")}
                {cardHeader("lapses", "Lapses")}
                {cardHeader("leeches", "Leeches")}
                {cardHeader("difficulty", "Mean difficulty")}
                {cardHeader("answers", "Answers")}
              </tr>
            </thead>
            <tbody>
              {cards.map((card) => (
                <tr key={card.id}>
                  <th scope="row" className={styles.prompt}>
                    <Link href={`/teach/classes/${id}/cards/${card.id}`}>{card.prompt.length > 120 ? `${card.prompt.slice(0, 117)}…` : card.prompt}</Link>
                    <br />
                    <span className={`${styles.small} ${styles.muted}`}>{card.lessonTitle}</span>
                  </th>
                  <td className={styles.num}>{percent(card.againShare)}</td>
                  <td className={styles.num}>{card.lapses}</td>
                  <td className={styles.num} title="Students for whom this card is a leech (forgotten at least their leech threshold times)">
                    {card.leeches}
                  </td>
                  <td className={styles.num}>{card.meanDifficulty === null ? "–" : card.meanDifficulty.toFixed(1)}</td>
                  <td className={styles.num}>
                    {card.answers} <span className={styles.muted}>({card.studied} students)</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <p className={`${styles.small} ${styles.muted}`}>Computed {formatInZone(now, cls.timeZone)}.</p>
    </>
  );
}
