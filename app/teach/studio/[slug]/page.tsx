import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { getStudioCourse } from "@/lib/studio/courses";
import { StudioEditor } from "@/app/_components/studio/StudioEditor";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Course studio" };

type Props = { params: Promise<{ slug: string }> };

export default async function StudioCoursePage({ params }: Props) {
  const { slug } = await params;
  const course = await guardPage(async () => getStudioCourse(await requireRole("instructor", "admin"), slug));
  return (
    <>
      <p className={styles.small}>
        <Link href="/teach/studio">Course studio</Link>
      </p>
      <h1 className={styles.title}>{course.title}</h1>
      <StudioEditor initial={course} />
    </>
  );
}
