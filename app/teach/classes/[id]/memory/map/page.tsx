import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireInstructorOf } from "@/lib/auth/guards";
import { getClassMemoryMap } from "@/lib/classes/memory-map";
import { MemoryMap, mapMoment } from "@/app/_components/memory/MemoryMap";
import styles from "@/app/_components/teach/teach.module.css";

export const metadata: Metadata = { title: "Class memory map" };

type Props = { params: Promise<{ id: string }> };

export default async function ClassMemoryMapPage({ params }: Props) {
  const { id } = await params;
  const { user } = await guardPage(() => requireInstructorOf(id));
  const map = await getClassMemoryMap(user, id, new Date());
  return (
    <>
      <p className={styles.small}>
        <Link href={`/teach/classes/${id}/memory`}>← {map.className} memory model</Link>
      </p>
      <h1 className={styles.title}>Memory map</h1>
      <p className={styles.subtitle}>
        {map.source.title}, each passage shaded by the class mean of predicted recall {mapMoment(map)} over the {map.students} current
        students&apos; learned cards that cite it, if they review nothing more before then. Open a passage to see its cards.
      </p>
      <MemoryMap map={map} figureLabel="Class mean" />
      <p className={styles.small}>{map.source.citation}</p>
    </>
  );
}
