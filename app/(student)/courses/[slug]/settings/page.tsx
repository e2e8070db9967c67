import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { getMyMemoryModel } from "@/lib/memory-model/access";
import { getMyWorkload } from "@/lib/memory-model/workload";
import { getStudySettings } from "@/lib/review/settings";
import { SettingsForm } from "@/app/_components/student/SettingsForm";
import { FittedWeightsToggle } from "@/app/_components/memory/FittedWeightsToggle";
import { WorkloadChart } from "@/app/_components/memory/WorkloadChart";
import styles from "@/app/_components/student/student.module.css";
import type { MyMemoryModelDto } from "@/lib/contracts";

export const metadata: Metadata = { title: "Study settings" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ workload?: string }> };

const figure = (value: number | null) => (value === null ? "–" : value.toFixed(3));

function weightsSentence(memory: MyMemoryModelDto): string {
  if (memory.optedOut) return "You chose FSRS's default weights: the nightly fit leaves your schedule alone.";
  if (memory.source === "student") return `Your schedule uses weights fitted to your own ${memory.reviewCount} reviews: they predicted your later reviews better than the course's.`;
  if (memory.source === "course") return `Your schedule uses weights fitted to this course's ${memory.reviewCount} reviews from every student.`;
  return "Your schedule uses FSRS's default weights: there are not yet enough reviews in this course to fit better ones.";
}

export default async function SettingsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { workload: wantWorkload } = await searchParams;
  const { course, settings, memory, workload } = await guardPage(async () => {
    const user = await requireUser();
    const course = await getCourse(slug);
    const [settings, memory] = await Promise.all([getStudySettings(user, slug), getMyMemoryModel(user, slug)]);
    const workload = wantWorkload === "1" ? await getMyWorkload(user, slug, new Date()) : null;
    return { course, settings, memory, workload };
  });
  const zones = Intl.supportedValuesOf("timeZone");
  if (!zones.includes(settings.timeZone)) zones.unshift(settings.timeZone);

  return (
    <>
      <p className={styles.crumbs}>
        <Link href={`/courses/${slug}`}>{course.title}</Link>
      </p>
      <h1 className={styles.title}>Study settings</h1>
      <p className={styles.lead}>These apply to you in this course only.</p>
      <SettingsForm course={slug} settings={settings} timeZones={zones} />

      <section className={styles.section} aria-labelledby="memory-model">
        <h2 id="memory-model">Your memory model</h2>
        <p>{weightsSentence(memory)}</p>
        {memory.figures && !memory.optedOut ? (
          <dl className={styles.figures}>
            <div className={styles.figure}>
              <dt className={styles.figureLabel}>Log loss (lower is better)</dt>
              <dd className={styles.figureValue}>
                {figure(memory.figures.logLoss)} <span className={styles.small}>was {figure(memory.figures.baselineLogLoss)}</span>
              </dd>
            </div>
            <div className={styles.figure}>
              <dt className={styles.figureLabel}>RMSE of predicted recall</dt>
              <dd className={styles.figureValue}>
                {figure(memory.figures.rmseBins)} <span className={styles.small}>was {figure(memory.figures.baselineRmseBins)}</span>
              </dd>
            </div>
          </dl>
        ) : null}
        {memory.figures && !memory.optedOut ? (
          <p className={styles.small}>
            Measured on reviews held out of the fit, against {memory.source === "student" ? "the course's weights" : "FSRS's defaults"}.
            {memory.fittedAt ? ` Fitted ${new Date(memory.fittedAt).toUTCString()}.` : ""}
          </p>
        ) : null}
        <FittedWeightsToggle course={slug} optedOut={memory.optedOut} />
      </section>

      <section className={styles.section} aria-labelledby="workload">
        <h2 id="workload">What would another retention cost?</h2>
        {workload ? (
          <>
            <p>
              A simulation of your {workload.studied} studied cards and {workload.unseen} still to come ({workload.newPerDay} new a
              day), with your memory model: what FSRS expects, not a promise.
            </p>
            <WorkloadChart workload={workload} title="Reviews a day and expected recall by desired retention" />
          </>
        ) : (
          <form method="get">
            <input type="hidden" name="workload" value="1" />
            <p>Simulate your next 30 and 90 days at several desired retentions (takes a second).</p>
            <button type="submit" className={styles.buttonSecondary}>
              Simulate my workload
            </button>
          </form>
        )}
      </section>
    </>
  );
}
