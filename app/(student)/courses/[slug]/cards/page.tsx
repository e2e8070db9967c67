import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { listStudentCards } from "@/lib/review/cards";
import { CardBrowser } from "@/app/_components/cards/CardBrowser";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Cards" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const flag = (value: string | string[] | undefined) => value === "1" || value === "true";

/** The card browser: every card of the course with the student's state, searched and filtered on the device. */
export default async function CardsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const { course, list } = await guardPage(async () => {
    const user = await requireUser();
    const course = await getCourse(user, slug);
    return { course, list: await listStudentCards(user, slug) };
  });
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const due = text(query.due);
  return (
    <>
      <p className={styles.crumbs}>
        <Link href={`/courses/${slug}`}>{course.title}</Link>
      </p>
      <h1 className={styles.title}>Cards</h1>
      <p className={styles.lead}>
        Find any card, see how it is scheduled, and bring suspended cards back. {list.cards.filter((card) => card.suspended).length} suspended ·{" "}
        {list.cards.filter((card) => card.leech).length} leeches (forgotten {list.leechThreshold} times or more).
      </p>
      <CardBrowser
        list={list}
        initial={{
          query: text(query.q) ?? "",
          lesson: text(query.lesson) ?? "",
          state: text(query.state) ?? "",
          due: due === "due" || due === "later" || due === "never" ? due : "any",
          suspended: flag(query.suspended),
          leech: flag(query.leech),
        }}
      />
    </>
  );
}
