import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { getStudySettings } from "@/lib/review/settings";
import { SettingsForm } from "@/app/_components/student/SettingsForm";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Study settings" };

type Props = { params: Promise<{ slug: string }> };

export default async function SettingsPage({ params }: Props) {
  const { slug } = await params;
  const { course, settings } = await guardPage(async () => {
    const user = await requireUser();
    const course = await getCourse(user, slug);
    return { course, settings: await getStudySettings(user, slug) };
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
    </>
  );
}
