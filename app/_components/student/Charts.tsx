import styles from "./charts.module.css";

/**
 * Small inline-SVG charts (no chart library). Each is an image with a text alternative, and the
 * numbers are also in a table a screen reader (or a curious student) can open.
 */

type Datum = { label: string; value: number };

const WIDTH = 320;
const HEIGHT = 140;
const PAD = { top: 10, right: 6, bottom: 22, left: 38 };

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

function DataTable({ caption, data, unit }: { caption: string; data: Datum[]; unit: string }) {
  return (
    <details className={styles.details}>
      <summary>Show the numbers</summary>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((datum) => (
              <tr key={datum.label}>
                <th scope="row">{datum.label}</th>
                <td>{datum.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function BarChart({
  title,
  description,
  data,
  unit,
  firstLabel,
  lastLabel,
}: {
  title: string;
  description: string;
  data: Datum[];
  unit: string;
  firstLabel: string;
  lastLabel: string;
}) {
  const max = niceMax(Math.max(0, ...data.map((datum) => datum.value)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, data.length);
  const barWidth = Math.max(2, slot * 0.7);
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <figure className={styles.figure}>
      <figcaption className={styles.caption} id={`${id}-title`}>
        {title}
      </figcaption>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.5, 1].map((fraction) => {
          const y = PAD.top + plotHeight * (1 - fraction);
          return (
            <g key={fraction}>
              <line className={styles.grid} x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
              <text className={styles.axis} x={PAD.left - 4} y={y + 4} textAnchor="end">
                {Math.round(max * fraction)}
              </text>
            </g>
          );
        })}
        {data.map((datum, index) => {
          const height = (datum.value / max) * plotHeight;
          return (
            <rect
              key={datum.label}
              className={styles.bar}
              x={PAD.left + index * slot + (slot - barWidth) / 2}
              y={PAD.top + plotHeight - height}
              width={barWidth}
              height={height}
              rx={1.5}
            >
              <title>{`${datum.label}: ${datum.value} ${unit}`}</title>
            </rect>
          );
        })}
        <text className={styles.axis} x={PAD.left} y={HEIGHT - 6}>
          {firstLabel}
        </text>
        <text className={styles.axis} x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          {lastLabel}
        </text>
      </svg>
      <DataTable caption={title} data={data} unit={unit} />
    </figure>
  );
}

/** Points joined by a line; `null` values (days without reviews) leave gaps. */
export function LineChart({
  title,
  description,
  data,
  firstLabel,
  lastLabel,
}: {
  title: string;
  description: string;
  data: { label: string; value: number | null }[];
  firstLabel: string;
  lastLabel: string;
}) {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / Math.max(1, data.length - 1);
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const point = (value: number, index: number) => ({
    x: PAD.left + index * step,
    y: PAD.top + plotHeight * (1 - value),
  });
  const segments: string[] = [];
  let current = "";
  data.forEach((datum, index) => {
    if (datum.value === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    const { x, y } = point(datum.value, index);
    current += `${current ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)} `;
  });
  if (current) segments.push(current);
  return (
    <figure className={styles.figure}>
      <figcaption className={styles.caption} id={`${id}-title`}>
        {title}
      </figcaption>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.5, 1].map((fraction) => {
          const y = PAD.top + plotHeight * (1 - fraction);
          return (
            <g key={fraction}>
              <line className={styles.grid} x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
              <text className={styles.axis} x={PAD.left - 4} y={y + 4} textAnchor="end">
                {`${Math.round(fraction * 100)}%`}
              </text>
            </g>
          );
        })}
        {segments.map((path) => (
          <path key={path} className={styles.line} d={path} />
        ))}
        {data.map((datum, index) => {
          if (datum.value === null) return null;
          const { x, y } = point(datum.value, index);
          return (
            <circle key={datum.label} className={styles.dot} cx={x} cy={y} r={3}>
              <title>{`${datum.label}: ${Math.round(datum.value * 100)}%`}</title>
            </circle>
          );
        })}
        <text className={styles.axis} x={PAD.left} y={HEIGHT - 6}>
          {firstLabel}
        </text>
        <text className={styles.axis} x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          {lastLabel}
        </text>
      </svg>
      <DataTable
        caption={title}
        data={data.map((datum) => ({
          label: datum.label,
          value: datum.value === null ? 0 : Math.round(datum.value * 100),
        }))}
        unit="% recalled"
      />
    </figure>
  );
}

/** Horizontal bars, one per state, labelled with their counts. */
export function StateBars({ title, data }: { title: string; data: { label: string; value: number; tone: string }[] }) {
  const max = Math.max(1, ...data.map((datum) => datum.value));
  const rowHeight = 26;
  const labelWidth = 92;
  const height = data.length * rowHeight + 4;
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <figure className={styles.figure}>
      <figcaption className={styles.caption} id={`${id}-title`}>
        {title}
      </figcaption>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <desc id={`${id}-desc`}>{data.map((datum) => `${datum.label}: ${datum.value}`).join(", ")}</desc>
        {data.map((datum, index) => {
          const y = index * rowHeight + 4;
          const width = ((WIDTH - labelWidth - 40) * datum.value) / max;
          return (
            <g key={datum.label}>
              <text className={styles.label} x={0} y={y + 15}>
                {datum.label}
              </text>
              <rect
                className={styles[datum.tone] ?? styles.bar}
                x={labelWidth}
                y={y + 3}
                width={Math.max(width, 1)}
                height={16}
                rx={3}
              />
              <text className={styles.label} x={labelWidth + Math.max(width, 1) + 6} y={y + 15}>
                {datum.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
