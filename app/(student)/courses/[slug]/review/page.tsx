import type { Metadata } from "next";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { getCourse } from "@/lib/courses/bundle";
import { NotFoundError } from "@/lib/errors";
import { getStudySettings } from "@/lib/review/settings";
import { ReviewClient } from "@/app/_components/review/ReviewClient";
import { TimeZoneSync } from "@/app/_components/student/TimeZoneSync";

export const metadata: Metadata = { title: "Review" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The review session. The server sends only the frame (course, lesson filter, essay paragraphs for
 * the source sheet); the client fetches the queue itself, so this page, saved by the service
 * worker, also starts a session offline from the queue kept in IndexedDB.
 */
export default async function ReviewPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const lessonKey = (await searchParams).lesson;
  const { user, course, settings } = await guardPage(async () => {
    const user = await requireUser();
    const course = await getCourse(slug);
    if (typeof lessonKey === "string" && !course.lessonIds.has(lessonKey)) throw new NotFoundError("No such lesson.");
    return { user, course, settings: await getStudySettings(user, slug) };
  });
  const lesson =
    typeof lessonKey === "string"
      ? course.bundle.units.flatMap((unit) => unit.lessons).find((entry) => entry.key === lessonKey)
      : undefined;
  const paragraphs = Object.fromEntries(course.bundle.source.paragraphs.map((paragraph) => [paragraph.anchor, paragraph.text]));

  return (
    <>
      <TimeZoneSync course={slug} settings={settings} />
      <ReviewClient
        userId={user.id}
        course={slug}
        courseTitle={course.title}
        lesson={lesson ? { key: lesson.key, title: lesson.title, id: course.lessonIds.get(lesson.key) ?? "" } : null}
        sourceTitle={course.bundle.source.title}
        paragraphs={paragraphs}
      />
    </>
  );
}
