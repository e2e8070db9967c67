import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getMyMemoryMap } from "@/lib/review/memory-map";
import { MemoryMap, mapMoment } from "@/app/_components/memory/MemoryMap";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Memory map" };

type Props = { params: Promise<{ slug: string }> };

export default async function MyMemoryMapPage({ params }: Props) {
  const { slug } = await params;
  const map = await guardPage(async () => getMyMemoryMap(await requireUser(), slug, new Date()));
  return (
    <>
      <p className={styles.crumbs}>
        <Link href={`/courses/${slug}`}>{map.courseTitle}</Link> · <Link href={`/courses/${slug}/stats`}>Statistics</Link>
      </p>
      <h1 className={styles.title}>Memory map</h1>
      <p>
        {map.source.title}, each passage shaded by your predicted recall {mapMoment(map)} of the cards that cite it, if you review nothing
        more before then. Open a passage to see its cards.
      </p>
      <MemoryMap map={map} figureLabel="Your recall" />
      <p>{map.source.citation}</p>
    </>
  );
}
