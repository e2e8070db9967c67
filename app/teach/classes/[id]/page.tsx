import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getClassDashboard, type DashboardStudent } from "@/lib/classes/dashboard";
import { listClassNudges } from "@/lib/classes/nudges";
import { parseCardSort, parseDir, parseStudentSort, sortCards, sortStudents, type SortDir } from "@/lib/classes/sort";
import { classSummary, type StudentFlag } from "@/lib/classes/summary";
import { formatInZone, zonedDate } from "@/lib/classes/time";
import { formStyles } from "@/app/_components/forms/Field";
import { archiveAssignmentAction, setArchivedAction } from "../../actions";
import { CompletionChart } from "@/app/_components/teach/CompletionChart";
import { CopyLinkButton } from "@/app/_components/teach/CopyLinkButton";
import { NudgeButton } from "@/app/_components/teach/NudgeButton";
import styles from "@/app/_components/teach/teach.module.css";
import { EmptyState } from "@/app/_components/ui/Ui";

export const metadata: Metadata = { title: "Class dashboard" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

function lastActive(iso: string | null, timeZone: string): string {
  return iso ? zonedDate(new Date(iso), timeZone) : "never";
}

const STUDENT_SORT_NAMES: Record<string, string> = {
  name: "Name",
  completion: "Completion",
  learned: "Cards learned",
  reviews7d: "Reviews (7 days)",
  overdue: "Overdue cards",
  retention: "Est. retention",
  lastActive: "Last active",
};

const CARD_SORT_NAMES: Record<string, string> = {
  position: "Course order",
  againShare: "Again share",
  lapses: "Lapses",
  difficulty: "Mean difficulty",
  answers: "Answers",
};

function dirName(key: string, dir: SortDir): string {
  if (key === "name") return dir === "asc" ? "A to Z" : "Z to A";
  if (key === "lastActive") return dir === "asc" ? "longest ago first" : "most recent first";
  if (key === "position") return dir === "asc" ? "first to last" : "last to first";
  return dir === "asc" ? "lowest first" : "highest first";
}

/**
 * A plain GET form to pick the sort (works without JavaScript); `keep` carries the other table's sort.
 * The current sort is said in words above it.
 */
function SortForm({
  id,
  anchor,
  field,
  dirField,
  value,
  dir,
  options,
  keep,
}: {
  id: string;
  anchor: string;
  field: string;
  dirField: string;
  value: string;
  dir: SortDir;
  options: Record<string, string>;
  keep: Record<string, string>;
}) {
  return (
    <form method="get" action={`#${anchor}`} className={styles.sortForm}>
      {Object.entries(keep).map(([name, kept]) => (
        <input key={name} type="hidden" name={name} value={kept} />
      ))}
      <p className={styles.sortNow} id={`${id}-now`}>
        Sorted by <strong>{options[value] ?? value}</strong>, {dirName(value, dir)}.
      </p>
      <label className={styles.sortLabel}>
        Sort by
        <select name={field} defaultValue={value} className={formStyles.select}>
          {Object.entries(options).map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.sortLabel}>
        Order
        <select name={dirField} defaultValue={dir} className={formStyles.select}>
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </select>
      </label>
      <button type="submit" className={formStyles.secondaryButton}>
        Sort
      </button>
    </form>
  );
}

function FlagList({ flags, classId }: { flags: StudentFlag[]; classId: string }) {
  return (
    <ul className={styles.flagList}>
      {flags.map((flag) => (
        <li key={flag.id}>
          <Link href={`/teach/classes/${classId}/students/${flag.id}`}>{flag.name}</Link>{" "}
          <span className={`${styles.small} ${styles.muted}`}>{flag.assignments.join(", ")}</span>
        </li>
      ))}
    </ul>
  );
}

export default async function ClassDashboardPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const { user, as } = await guardPage(() => requireInstructorOf(id));
  const now = new Date();
  const [dashboard, nudgeList] = await Promise.all([getClassDashboard(user, id, now), listClassNudges(user, id, now)]);
  const nudges = new Map(nudgeList.map((entry) => [entry.assignmentId, entry]));
  const { class: cls, assignments } = dashboard;

  const sort = parseStudentSort(
    query.sort,
    assignments.map((assignment) => assignment.id),
  );
  const dir = parseDir(query.dir, sort === "name" ? "asc" : "desc");
  const cardSort = parseCardSort(query.cardSort);
  const cardDir = parseDir(query.cardDir, cardSort === "position" ? "asc" : "desc");
  const students = sortStudents(dashboard.students, sort, dir);
  const cards = sortCards(dashboard.cards, cardSort, cardDir);
  const summary = classSummary(assignments, dashboard.students, now);
  const studentPath = (studentId: string) => `/teach/classes/${id}/students/${studentId}`;

  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ sort, dir, cardSort, cardDir, ...changes })) next.set(key, value);
    return `/teach/classes/${id}?${next}`;
  };
  const studentHeader = (key: string, label: string, numeric = true) => {
    const active = sort === key;
    const nextDir: SortDir = active ? (dir === "asc" ? "desc" : "asc") : key === "name" ? "asc" : "desc";
    return (
      <th
        scope="col"
        className={numeric ? styles.num : undefined}
        aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}
      >
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
      <th
        scope="col"
        className={numeric ? styles.num : undefined}
        aria-sort={active ? (cardDir === "asc" ? "ascending" : "descending") : undefined}
      >
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
        {progress.answeredOfflineBeforeDue && progress.completedAt && progress.receivedAt ? (
          <span className={styles.small}>
            {" "}
            (answered offline at {formatInZone(new Date(progress.completedAt), cls.timeZone)}, received at{" "}
            {formatInZone(new Date(progress.receivedAt), cls.timeZone)})
          </span>
        ) : null}
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
          <p>
            This class is archived: students no longer see it and it is hidden from your class list. No review history
            was deleted.
          </p>
          {as !== "co_instructor" ? (
            <form action={setArchivedAction.bind(null, id, false)}>
              <button className={formStyles.secondaryButton} type="submit">
                Restore class
              </button>
            </form>
          ) : null}
        </div>
      ) : null}

      <section className={styles.summary} aria-labelledby="summary-heading" data-testid="class-summary">
        <h2 id="summary-heading">At a glance</h2>
        {dashboard.students.length === 0 ? (
          <EmptyState
            title="No students yet"
            testId="no-students"
            action={
              cls.joinEnabled && !cls.archived ? (
                <a className={formStyles.secondaryButton} href="#join-heading">
                  Share the join code
                </a>
              ) : null
            }
          >
            <p>Share the class&apos;s join code or link; each student&apos;s progress shows here once they join.</p>
          </EmptyState>
        ) : (
          <div className={styles.summaryGrid}>
            <div className={styles.summaryItem}>
              <h3>Overdue work ({summary.overdue.length})</h3>
              {summary.overdue.length ? (
                <FlagList flags={summary.overdue} classId={id} />
              ) : (
                <p className={styles.small}>Nobody has work past due.</p>
              )}
            </div>
            <div className={styles.summaryItem}>
              <h3>Behind pace ({summary.behind.length})</h3>
              {summary.behind.length ? (
                <FlagList flags={summary.behind} classId={id} />
              ) : (
                <p className={styles.small}>Nobody is far behind on open work.</p>
              )}
            </div>
            <div className={styles.summaryItem}>
              <h3>Due next</h3>
              {summary.dueNext ? (
                <p className={styles.small}>
                  <strong>{summary.dueNext.title}</strong>, due{" "}
                  {formatInZone(new Date(summary.dueNext.dueAt), cls.timeZone)}: {summary.dueNext.completed} of{" "}
                  {summary.dueNext.students} {summary.dueNext.students === 1 ? "student" : "students"} done.
                </p>
              ) : (
                <p className={styles.small}>Nothing is due. Add an assignment.</p>
              )}
            </div>
          </div>
        )}
      </section>

      <div className={styles.actions}>
        {!cls.archived ? (
          <Link className={formStyles.button} href={`/teach/classes/${id}/assignments/new`}>
            New assignment
          </Link>
        ) : null}
        <Link className={formStyles.secondaryButton} href={`/teach/classes/${id}/settings`}>
          Settings and roster
        </Link>
        <Link className={formStyles.secondaryButton} href={`/teach/classes/${id}/memory`}>
          Memory model
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
        {assignments.length === 0 ? (
          <EmptyState
            title="No assignments yet"
            action={
              !cls.archived ? (
                <Link className={formStyles.button} href={`/teach/classes/${id}/assignments/new`}>
                  Assign a lesson
                </Link>
              ) : null
            }
          >
            <p>Assign lessons with a due date; students see them on their dashboard and you see who is done.</p>
          </EmptyState>
        ) : null}
        <ul className={styles.assignments}>
          {assignments.map((assignment) => (
            <li key={assignment.id} className={styles.assignment}>
              <h3>{assignment.title}</h3>
              <p className={`${styles.small} ${styles.muted}`}>
                Due {formatInZone(new Date(assignment.dueAt), cls.timeZone)} ·{" "}
                {assignment.goal === "recall" ? "Recall" : "Learn"} · {assignment.cardCount} cards
              </p>
              <p className={styles.small}>
                {assignment.completed} of {students.length} complete
                {assignment.completedLate ? ` (${assignment.completedLate} late)` : ""} · mean {assignment.meanPercent}%
              </p>
              <CompletionChart
                title={assignment.title}
                points={assignment.timeline}
                dueDate={zonedDate(new Date(assignment.dueAt), cls.timeZone)}
              />
              {!cls.archived && Date.parse(assignment.opensAt) <= now.getTime() ? (
                <NudgeButton
                  classId={id}
                  assignmentId={assignment.id}
                  behind={students.length - assignment.completed}
                  nextAllowedAt={
                    nudges.get(assignment.id)?.nextAllowedAt
                      ? formatInZone(new Date(nudges.get(assignment.id)!.nextAllowedAt!), cls.timeZone)
                      : null
                  }
                />
              ) : null}
              {nudges.get(assignment.id)?.nudges.length ? (
                <details className={styles.small}>
                  <summary>Reminded by email ({nudges.get(assignment.id)!.nudges.length})</summary>
                  <ul>
                    {nudges.get(assignment.id)!.nudges.map((nudge) => (
                      <li key={`${nudge.studentId}-${nudge.remindedAt}`}>
                        {nudge.name} · {formatInZone(new Date(nudge.remindedAt), cls.timeZone)}
                        {nudge.sent ? "" : " (sending)"}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
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
          <p className={styles.muted}>Nobody has joined yet.</p>
        ) : (
          <>
            <SortForm
              id="student-sort"
              anchor="students"
              field="sort"
              dirField="dir"
              value={sort}
              dir={dir}
              options={{
                ...STUDENT_SORT_NAMES,
                ...Object.fromEntries(assignments.map((assignment) => [`a:${assignment.id}`, assignment.title])),
              }}
              keep={{ cardSort, cardDir }}
            />
            <ul className={`${styles.itemList} ${styles.phoneOnly}`} data-testid="students-list">
              {students.map((student) => (
                <li key={student.id} className={styles.item}>
                  <Link className={styles.itemTitle} href={studentPath(student.id)}>
                    {student.name}
                  </Link>
                  <dl className={styles.itemFigures}>
                    <div>
                      <dt>Completion</dt>
                      <dd>{student.completion === null ? "–" : `${student.completion}%`}</dd>
                    </div>
                    <div>
                      <dt>Overdue cards</dt>
                      <dd>{student.overdue}</dd>
                    </div>
                    <div>
                      <dt>Last active</dt>
                      <dd>{lastActive(student.lastActiveAt, cls.timeZone)}</dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
            <div className={`${styles.tableWrap} ${styles.wideOnly}`}>
              <table className={styles.table} data-testid="students-table">
                <caption className="visually-hidden">
                  Students and their progress; column headers sort the table.
                </caption>
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
                        <Link href={studentPath(student.id)}>{student.name}</Link>
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
          </>
        )}
        <p className={`${styles.small} ${styles.muted}`}>
          A card is learned once it has reached review. Est. retention is the mean predicted recall today of learned
          cards. Overdue: cards in review whose due time has passed.
        </p>
      </section>

      <section className={styles.section} aria-labelledby="cards-heading" id="cards">
        <h2 id="cards-heading">Cards</h2>
        <p className={`${styles.small} ${styles.muted}`}>
          How the class does on each card; sort by Again share to find confusing ones.
        </p>
        {/* Closed until asked for (the list is long on a phone); open again after sorting it. */}
        <details className={styles.disclosure} open={query.cardSort !== undefined || query.cardDir !== undefined}>
          <summary>Show the {cards.length} cards</summary>
          <SortForm
            id="card-sort"
            anchor="cards"
            field="cardSort"
            dirField="cardDir"
            value={cardSort}
            dir={cardDir}
            options={CARD_SORT_NAMES}
            keep={{ sort, dir }}
          />
          <ul className={`${styles.itemList} ${styles.phoneOnly}`} data-testid="cards-list">
            {cards.map((card) => (
              <li key={card.id} className={styles.item}>
                <Link className={styles.itemTitle} href={`/teach/classes/${id}/cards/${card.id}`}>
                  {card.prompt.length > 120 ? `${card.prompt.slice(0, 117)}…` : card.prompt}
                </Link>
                <p className={`${styles.small} ${styles.muted}`}>{card.lessonTitle}</p>
                <dl className={styles.itemFigures}>
                  <div>
                    <dt>Again</dt>
                    <dd>{percent(card.againShare)}</dd>
                  </div>
                  <div>
                    <dt>Lapses</dt>
                    <dd>{card.lapses}</dd>
                  </div>
                  <div>
                    <dt>Answers</dt>
                    <dd>{card.answers}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
          <div className={`${styles.tableWrap} ${styles.wideOnly}`}>
            <table className={styles.table} data-testid="cards-table">
              <caption className="visually-hidden">
                Per-card figures for the class; column headers sort the table.
              </caption>
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
                      <Link href={`/teach/classes/${id}/cards/${card.id}`}>
                        {card.prompt.length > 120 ? `${card.prompt.slice(0, 117)}…` : card.prompt}
                      </Link>
                      <br />
                      <span className={`${styles.small} ${styles.muted}`}>{card.lessonTitle}</span>
                    </th>
                    <td className={styles.num}>{percent(card.againShare)}</td>
                    <td className={styles.num}>{card.lapses}</td>
                    <td
                      className={styles.num}
                      title="Students for whom this card is a leech (forgotten at least their leech threshold times)"
                    >
                      {card.leeches}
                    </td>
                    <td className={styles.num}>
                      {card.meanDifficulty === null ? "–" : card.meanDifficulty.toFixed(1)}
                    </td>
                    <td className={styles.num}>
                      {card.answers} <span className={styles.muted}>({card.studied} students)</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
      <p className={`${styles.small} ${styles.muted}`}>Computed {formatInZone(now, cls.timeZone)}.</p>
    </>
  );
}
