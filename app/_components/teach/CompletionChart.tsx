import styles from "./teach.module.css";

type Point = { date: string; completed: number; share: number };

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { top: 8, right: 8, bottom: 20, left: 32 };

/**
 * Share of the class that has completed an assignment, by class-local day, as an inline SVG line
 * (no chart library, no script). The dashed line is the due date. The numbers are in a table too.
 */
/** "2026-12-07" → "Mon, Dec 7": a class-local calendar date, read as such. */
function dayLabel(date: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" }).format(new Date(`${date}T00:00:00Z`));
}

/** Below this many days a line says nothing a sentence cannot. */
const MIN_CHART_DAYS = 3;

export function CompletionChart({ title, points, dueDate }: { title: string; points: Point[]; dueDate: string }) {
  if (points.length === 0) return <p className={styles.muted}>Nothing to chart yet: the assignment has not opened.</p>;
  if (points.length < MIN_CHART_DAYS) {
    const latest = points[points.length - 1]!;
    return (
      <p className={styles.chartToday}>
        <strong>{Math.round(latest.share * 100)}% complete</strong> ({latest.completed} {latest.completed === 1 ? "student" : "students"}) on{" "}
        {dayLabel(latest.date)}. The day-by-day chart appears from the third day.
      </p>
    );
  }
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) => PAD.left + (points.length === 1 ? innerWidth / 2 : (index / (points.length - 1)) * innerWidth);
  const y = (share: number) => PAD.top + (1 - share) * innerHeight;
  const line = points.map((point, index) => `${x(index).toFixed(1)},${y(point.share).toFixed(1)}`).join(" ");
  const area = `${x(0).toFixed(1)},${y(0)} ${line} ${x(points.length - 1).toFixed(1)},${y(0)}`;
  const dueIndex = points.findIndex((point) => point.date === dueDate);
  const last = points[points.length - 1]!;
  const summary = `${title}: ${Math.round(last.share * 100)}% of students complete on ${dayLabel(last.date)}${dueIndex >= 0 ? `; due ${dayLabel(dueDate)}` : ""}.`;
  return (
    <figure>
      <svg className={styles.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line className={styles.chartAxis} x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        <line className={styles.chartAxis} x1={PAD.left} x2={WIDTH - PAD.right} y1={y(1)} y2={y(1)} />
        <text className={styles.chartText} x={PAD.left - 4} y={y(1) + 3} textAnchor="end">
          100%
        </text>
        <text className={styles.chartText} x={PAD.left - 4} y={y(0) + 3} textAnchor="end">
          0%
        </text>
        <polygon className={styles.chartArea} points={area} />
        <polyline className={styles.chartLine} points={line} />
        {points.length <= 60
          ? points.map((point, index) => <circle key={point.date} className={styles.chartDot} cx={x(index)} cy={y(point.share)} r={2.5} />)
          : null}
        {dueIndex >= 0 ? <line className={styles.chartDue} x1={x(dueIndex)} x2={x(dueIndex)} y1={PAD.top} y2={y(0)} /> : null}
        <text className={styles.chartText} x={PAD.left} y={HEIGHT - 4}>
          {dayLabel(points[0]!.date)}
        </text>
        <text className={styles.chartText} x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
          {dayLabel(last.date)}
        </text>
      </svg>
      <details>
        <summary className={styles.small}>Show the numbers</summary>
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption className="visually-hidden">{`Students complete by day: ${title}`}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className={styles.num}>
                  Complete
                </th>
                <th scope="col" className={styles.num}>
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={point.date}>
                  <th scope="row">
                    {dayLabel(point.date)}
                    {point.date === dueDate ? " (due)" : ""}
                  </th>
                  <td className={styles.num}>{point.completed}</td>
                  <td className={styles.num}>{Math.round(point.share * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
