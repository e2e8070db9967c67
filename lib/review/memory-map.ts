import "server-only";
import type { DbClient } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { CourseBundle } from "@/lib/content/bundle";
import { NotFoundError } from "@/lib/errors";
import { passageRecall, RetrievabilityEstimator, type MapCard, type MapRecall, type PassageFigure } from "@/lib/srs";
import { requireCourseBySlug } from "./course";
import { forecastStudentCards, nextExamOf } from "./exam";
import { loadSchedulingContext } from "./scheduling-context";

export type MemoryMapPassage = PassageFigure & { index: number; text: string };

export type MemoryMapDto = {
  courseTitle: string;
  /** The moment the recall is predicted for: now, or noon on the exam day. */
  at: string;
  /** `2026-05-14` when the map forecasts an upcoming exam day; null for today. */
  examDate: string | null;
  source: { title: string; citation: string };
  /** The essay's paragraphs in order (page furniture left out), each with the figures of the cards citing it. */
  passages: MemoryMapPassage[];
};

export type MapSource = { title: string; courseTitle: string; citation: string; paragraphs: { anchor: string; index: number; text: string }[]; cards: MapCard[] };

/** The course's essay paragraphs and its live cards with the passages each cites. */
export async function loadMapSource(client: DbClient, courseId: string): Promise<MapSource> {
  const [course, cards] = await Promise.all([
    client.course.findUnique({ where: { id: courseId }, select: { title: true, bundle: true } }),
    client.card.findMany({
      where: { courseId, archived: false },
      select: { id: true, prompt: true, sourceAnchor: true, sources: true },
      orderBy: { position: "asc" },
    }),
  ]);
  if (!course) throw new NotFoundError("No such course.");
  // A course row written before bundles carried the source has no paragraphs to map.
  const source: Partial<CourseBundle["source"]> = (course.bundle as Partial<CourseBundle> | null)?.source ?? {};
  return {
    title: source.title ?? course.title,
    courseTitle: course.title,
    citation: source.citation ?? "",
    paragraphs: (source.paragraphs ?? []).filter((paragraph) => !paragraph.furniture).map(({ anchor, index, text }) => ({ anchor, index, text })),
    cards: cards.map((card) => ({ cardId: card.id, label: card.prompt, anchors: citedAnchors(card.sources, card.sourceAnchor) })),
  };
}

/** The anchors a stored card cites: its `sources`, or its single `sourceAnchor` before an import wrote them. */
function citedAnchors(sources: unknown, sourceAnchor: string): string[] {
  const anchors = Array.isArray(sources)
    ? sources.flatMap((source) => (typeof source === "object" && source !== null && typeof source.anchor === "string" ? [source.anchor as string] : []))
    : [];
  return anchors.length > 0 ? anchors : [sourceAnchor];
}

/** The map's DTO from a course's source and the recall figures (one per learner per learned card). */
export function memoryMapOf(source: MapSource, recalls: MapRecall[], at: Date, examDate: string | null): MemoryMapDto {
  const figures = passageRecall(
    source.paragraphs.map((paragraph) => paragraph.anchor),
    source.cards,
    recalls,
  );
  return {
    courseTitle: source.courseTitle,
    at: at.toISOString(),
    examDate,
    source: { title: source.title, citation: source.citation },
    passages: source.paragraphs.map((paragraph, position) => ({ ...figures[position]!, index: paragraph.index, text: paragraph.text })),
  };
}

/**
 * The signed-in student's own memory map of the course: each passage shaded by their predicted
 * recall of the cards citing it, on their next exam day when one is upcoming, otherwise now.
 */
export async function getMyMemoryMap(actor: Actor, courseSlug: string, now: Date): Promise<MemoryMapDto> {
  const client = db();
  const course = await requireCourseBySlug(actor, courseSlug, client);
  const [exam, context, source] = await Promise.all([
    nextExamOf(client, actor.id, course.id, now),
    loadSchedulingContext(client, actor.id, course.id),
    loadMapSource(client, course.id),
  ]);
  const at = exam?.at ?? now;
  const recalls = await forecastStudentCards(client, actor.id, course.id, context, new RetrievabilityEstimator(at));
  return memoryMapOf(source, recalls, at, exam?.examDate ?? null);
}
