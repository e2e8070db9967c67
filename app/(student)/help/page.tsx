import type { Metadata } from "next";
import Link from "next/link";
import { allSupportResources } from "@/lib/courses/bundle";
import { SupportResources } from "@/app/_components/student/SupportResources";
import styles from "@/app/_components/student/student.module.css";

export const metadata: Metadata = { title: "Get help" };

/** Open to everyone, signed in or not: support must never sit behind a sign-in. */
export default async function HelpPage() {
  const { resources, notes } = await allSupportResources().catch(() => ({ resources: [], notes: [] }));
  return (
    <>
      <h1 className={styles.title}>Get help</h1>
      <p className={styles.lead}>
        If anything in a course brings up difficult feelings, or you are worried about yourself or someone else, you can reach
        out at any time. You can also stop a lesson or review whenever you want.
      </p>
      <SupportResources
        resources={
          resources.length > 0
            ? resources
            : [
                { name: "U.S. National Human Trafficking Hotline", detail: "Call 1-888-373-7888", href: "tel:+18883737888" },
                { name: "U.S. National Human Trafficking Hotline (text)", detail: "Text 233733", href: "sms:233733" },
                { name: "Emergencies", detail: "Call 911 if you or someone else is in immediate danger", href: "tel:911" },
              ]
        }
      />
      {notes.length > 0 ? (
        <section className={styles.section} aria-labelledby="notes-heading">
          <h2 id="notes-heading">Content notes</h2>
          {notes.map((note) => (
            <div key={note.title} className={styles.panel}>
              <h3>{note.title}</h3>
              <p>{note.note}</p>
            </div>
          ))}
        </section>
      ) : null}
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </>
  );
}
