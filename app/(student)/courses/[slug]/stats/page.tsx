import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { getCourseStats } from "@/lib/review/stats";
import { BarChart, LineChart, StateBars } from "@/app/_components/student/Charts";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Statistics" };

type Props = { params: Promise<{ slug: string }> };

function shortDate(isoDate: string) {
  const [, month, day] = isoDate.split("-");
  return `${Number(month)}/${Number(day)}`;
}

function percent(value: number | null) {
  return value === null ? "–" : `${Math.round(value * 100)}%`;
}

export default async function StatsPage({ params }: Props) {
  const { slug } = await params;
  const { course, stats } = await guardPage(async () => {
    const user = await requireUser();
    const course = await getCourse(user, slug);
    return { course, stats: await getCourseStats(user, slug, new Date()) };
  });
  const activity = stats.activity;
  const first = activity[0]?.date ?? "";
  const last = activity[activity.length - 1]?.date ?? "";
  const forecast = stats.forecast.map((value, index) => ({ label: index === 0 ? "Today" : `In ${index} day${index === 1 ? "" : "s"}`, value }));
  const answers = activity.map((day) => ({ label: day.date, value: day.answers }));
  const retention = activity.map((day) => ({ label: day.date, value: day.reviewAnswers > 0 ? day.passed / day.reviewAnswers : null }));
  const { counts } = stats;

  return (
    <>
      <p className={styles.crumbs}>
        <Link href={`/courses/${slug}`}>{course.title}</Link>
      </p>
      <h1 className={styles.title}>Statistics</h1>
      <p>
        <Link href={`/courses/${slug}/stats/memory-map`}>Memory map of the essay</Link>: which passages you are losing.
      </p>

      <div className={styles.figures}>
        <p className={styles.figure}>
          <span className={styles.figureValue}>{stats.dueToday}</span>
          <span className={styles.figureLabel}>due today</span>
        </p>
        <p className={styles.figure}>
          <span className={styles.figureValue}>{stats.forecast[1] ?? 0}</span>
          <span className={styles.figureLabel}>due tomorrow</span>
        </p>
        <p className={styles.figure}>
          <span className={styles.figureValue}>{stats.streakDays}</span>
          <span className={styles.figureLabel}>day streak</span>
        </p>
        <p className={styles.figure}>
          <span className={styles.figureValue}>{percent(stats.trueRetention.retention)}</span>
          <span className={styles.figureLabel}>true retention ({stats.trueRetention.windowDays} days)</span>
        </p>
        <p className={styles.figure}>
          <span className={styles.figureValue}>{percent(stats.meanRetrievability.mean)}</span>
          <span className={styles.figureLabel}>predicted recall now</span>
        </p>
      </div>

      <BarChart
        title="Cards due in the next 30 days"
        description={`Cards due each day from today: ${stats.forecast.join(", ")}.`}
        data={forecast}
        unit="cards"
        firstLabel="Today"
        lastLabel={`+${Math.max(0, stats.forecast.length - 1)} days`}
      />
      <BarChart
        title="Answers per day"
        description={`Answers given on each of the last ${activity.length} days, oldest first: ${answers.map((day) => day.value).join(", ")}.`}
        data={answers}
        unit="answers"
        firstLabel={first ? shortDate(first) : ""}
        lastLabel="Today"
      />
      <LineChart
        title="True retention over time"
        description={`Share of review cards recalled (not Again) on each day with reviews. Over ${stats.trueRetention.windowDays} days: ${stats.trueRetention.passed} of ${stats.trueRetention.reviewed} (${percent(stats.trueRetention.retention)}).`}
        data={retention}
        firstLabel={first ? shortDate(first) : ""}
        lastLabel={last ? "Today" : ""}
      />
      <StateBars
        title="Cards by state"
        data={[
          { label: "New", value: counts.new, tone: "new" },
          { label: "Learning", value: counts.learning, tone: "learning" },
          { label: "Review", value: counts.review, tone: "review" },
          { label: "Relearning", value: counts.relearning, tone: "relearning" },
          { label: "Suspended", value: counts.suspended, tone: "suspended" },
        ]}
      />
      <p className={`${styles.small} ${styles.muted}`}>
        True retention counts answers to cards that were already in review: Hard, Good and Easy count as recalled, Again as forgotten.
      </p>
    </>
  );
}
