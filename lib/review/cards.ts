import "server-only";
import { db } from "@/lib/db/client";
import { requireCourseBySlug } from "./course";
import { NotFoundError } from "@/lib/errors";
import type { CardInfoDto, CardListDto } from "@/lib/contracts";
import { isLeech, outcomeIntervalLabel, retrievability, type SrsState } from "@/lib/srs";
import type { Actor } from "@/lib/auth/actor";
import { loadSchedulingContext } from "./scheduling-context";
import { rowToSrs } from "./state";

type SnapshotJson = { state: SrsState; due: string };

/**
 * Every card of the course (archived ones left out) with the student's state: the list the card
 * browser searches and filters on the device.
 */
export async function listStudentCards(actor: Actor, slug: string): Promise<CardListDto> {
  const course = await requireCourseBySlug(actor, slug);
  const [cards, states, context, lessons] = await Promise.all([
    db().card.findMany({
      where: { courseId: course.id, archived: false },
      orderBy: { position: "asc" },
      select: { id: true, noteKey: true, kind: true, prompt: true, answer: true, lesson: { select: { key: true, title: true } } },
    }),
    db().cardState.findMany({ where: { userId: actor.id, courseId: course.id } }),
    loadSchedulingContext(db(), actor.id, course.id),
    db().lesson.findMany({
      where: { courseId: course.id, archived: false },
      orderBy: [{ unit: { position: "asc" } }, { position: "asc" }],
      select: { key: true, title: true },
    }),
  ]);
  const byCard = new Map(states.map((state) => [state.cardId, state]));
  const threshold = context.settings.leechThreshold;
  return {
    course: course.slug,
    generatedAt: new Date().toISOString(),
    leechThreshold: threshold,
    lessons,
    cards: cards.map((card) => {
      const state = byCard.get(card.id);
      const studied = state && (state.state !== "new" || state.reps > 0);
      return {
        id: card.id,
        noteKey: card.noteKey,
        kind: card.kind,
        prompt: card.prompt,
        answer: card.answer,
        lesson: card.lesson,
        state: state?.state ?? "new",
        due: studied ? state.due.toISOString() : null,
        suspended: state?.suspended ?? false,
        leech: isLeech(state?.lapses ?? 0, threshold),
        lapses: state?.lapses ?? 0,
        reps: state?.reps ?? 0,
      };
    }),
  };
}

/** One card's info page: its source passage, the student's state and memory now, and its history. */
export async function getStudentCard(actor: Actor, slug: string, cardId: string, now: Date): Promise<CardInfoDto> {
  const course = await requireCourseBySlug(actor, slug);
  const card = await db().card.findFirst({
    where: { id: cardId, courseId: course.id, archived: false },
    select: {
      id: true,
      noteKey: true,
      kind: true,
      prompt: true,
      answer: true,
      explanation: true,
      sourceAnchor: true,
      sourceQuote: true,
      sources: true,
      lesson: { select: { key: true, title: true } },
      course: { select: { bundle: true } },
    },
  });
  if (!card) throw new NotFoundError("No such card in this course.");
  const [state, logs, context] = await Promise.all([
    db().cardState.findUnique({ where: { userId_cardId: { userId: actor.id, cardId } } }),
    db().reviewLog.findMany({
      where: { userId: actor.id, cardId },
      orderBy: [{ reviewedAt: "asc" }, { createdAt: "asc" }],
      select: { kind: true, rating: true, reviewedAt: true, stateAfter: true, undone: true },
    }),
    loadSchedulingContext(db(), actor.id, course.id),
  ]);
  const { dayRule, params } = context;
  const srs = state ? rowToSrs(state) : null;
  const studied = srs && (srs.state !== "new" || srs.reps > 0);
  const source = (card.course.bundle as { source?: { title?: string; paragraphs?: { anchor: string; text: string }[] } }).source;
  const paragraphOf = (anchor: string) => source?.paragraphs?.find((entry) => entry.anchor === anchor)?.text ?? null;
  const paragraph = paragraphOf(card.sourceAnchor);
  // Cards imported before cards listed their passages have an empty `sources`: the single source stands.
  const listed = card.sources as { anchor: string; quote: string }[];
  const cited = listed.length > 0 ? listed : [{ anchor: card.sourceAnchor, quote: card.sourceQuote }];
  return {
    id: card.id,
    noteKey: card.noteKey,
    kind: card.kind,
    prompt: card.prompt,
    answer: card.answer,
    explanation: card.explanation,
    lesson: card.lesson,
    state: srs?.state ?? "new",
    due: studied ? srs.due.toISOString() : null,
    suspended: state?.suspended ?? false,
    leech: isLeech(srs?.lapses ?? 0, context.settings.leechThreshold),
    lapses: srs?.lapses ?? 0,
    reps: srs?.reps ?? 0,
    source: { anchor: card.sourceAnchor, quote: card.sourceQuote, paragraph, title: source?.title ?? "" },
    sources: cited.map((passage) => ({ anchor: passage.anchor, quote: passage.quote, paragraph: paragraphOf(passage.anchor) })),
    stability: studied ? srs.stability : null,
    difficulty: studied ? srs.difficulty : null,
    retrievability: srs ? retrievability(srs, now, params, dayRule) : null,
    lastReview: srs?.lastReview?.toISOString() ?? null,
    history: logs.map((log) => {
      const after = log.stateAfter as SnapshotJson;
      const dueAfter = new Date(after.due);
      // Labelled as the answer buttons were: review intervals in local days, steps in real time.
      const interval = outcomeIntervalLabel(log.reviewedAt, { state: after.state, due: dueAfter }, dayRule);
      return {
        reviewedAt: log.reviewedAt.toISOString(),
        kind: log.kind,
        rating: log.kind === "answer" ? log.rating : null,
        stateAfter: after.state,
        dueAfter: dueAfter.toISOString(),
        interval: log.kind === "reset" ? "reset" : interval,
        undone: log.undone,
      };
    }),
  };
}
