import type { WorkloadDto } from "@/lib/memory-model/workload";
import styles from "./memory.module.css";

const WIDTH = 320;
const ROW = 34;
const LABEL = 44;

const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

/**
 * Reviews a day at each desired retention, next 30 days and next 90 days, as paired bars (each bar
 * labelled with its number, so colour is never the only cue), then the full table.
 */
export function WorkloadChart({ workload, title }: { workload: WorkloadDto; title: string }) {
  const retentions = [...new Set(workload.rows.map((row) => row.desiredRetention))];
  const at = (retention: number, horizon: number) => workload.rows.find((row) => row.desiredRetention === retention && row.horizonDays === horizon);
  const max = Math.max(1, ...workload.rows.map((row) => row.reviewsPerDay));
  const barSpace = WIDTH - LABEL - 40;
  const height = retentions.length * ROW + 8;
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <figure style={{ margin: "0 0 1.5rem" }}>
      <figcaption id={`${id}-title`}>
        <strong>{title}</strong>
      </figcaption>
      <svg className={styles.svg} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <desc id={`${id}-desc`}>
          {retentions.map((retention) => `At ${percent(retention)}: ${at(retention, 30)?.reviewsPerDay.toFixed(0)} reviews a day over 30 days, ${at(retention, 90)?.reviewsPerDay.toFixed(0)} over 90 days`).join(". ")}
        </desc>
        {retentions.map((retention, index) => {
          const y = index * ROW + 4;
          const month = at(retention, 30)?.reviewsPerDay ?? 0;
          const quarter = at(retention, 90)?.reviewsPerDay ?? 0;
          return (
            <g key={retention}>
              <text className={styles.label} x={0} y={y + 17}>
                {percent(retention)}
              </text>
              <rect className={styles.bar30} x={LABEL} y={y} width={(barSpace * month) / max} height={12} rx={2} />
              <text className={styles.axis} x={LABEL + (barSpace * month) / max + 4} y={y + 10}>
                {`${month.toFixed(0)} (30 d)`}
              </text>
              <rect className={styles.bar90} x={LABEL} y={y + 14} width={(barSpace * quarter) / max} height={12} rx={2} />
              <text className={styles.axis} x={LABEL + (barSpace * quarter) / max + 4} y={y + 24}>
                {`${quarter.toFixed(0)} (90 d)`}
              </text>
            </g>
          );
        })}
      </svg>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Desired retention</th>
              <th scope="col">Reviews a day, 30 days</th>
              <th scope="col">Expected recall, 30 days</th>
              <th scope="col">Reviews a day, 90 days</th>
              <th scope="col">Expected recall, 90 days</th>
            </tr>
          </thead>
          <tbody>
            {retentions.map((retention) => (
              <tr key={retention} className={Math.abs(retention - workload.currentRetention) < 1e-9 ? styles.current : undefined}>
                <th scope="row">
                  {percent(retention)}
                  {Math.abs(retention - workload.currentRetention) < 1e-9 ? " (yours)" : ""}
                </th>
                <td>{at(retention, 30)?.reviewsPerDay.toFixed(1)}</td>
                <td>{percent(at(retention, 30)?.expectedRetention ?? null)}</td>
                <td>{at(retention, 90)?.reviewsPerDay.toFixed(1)}</td>
                <td>{percent(at(retention, 90)?.expectedRetention ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
