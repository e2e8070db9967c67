"use client";

import { useEffect, useId, useState, useTransition } from "react";
import { formStyles } from "@/app/_components/forms/Field";
import type { StudioCard, StudioCourseDto, StudioFieldProblem, StudioLesson } from "@/lib/contracts";
import type { ActionState } from "@/lib/http/action-state";
import {
  deleteStudioCardAction,
  publishStudioCourseAction,
  saveStudioCardAction,
  saveStudioLessonAction,
} from "@/app/teach/studio/actions";
import styles from "./studio.module.css";

type Selection = { anchor: string; quote: string };
type FieldErrors = Record<string, string[]>;

const CLOZE = /\{\{c\d+::(.*?)\}\}/g;

/**
 * The studio: the source on one side (select text to quote it), lessons and cards on the other. Every
 * change goes through a server action and comes back as the whole course with the compiler's problems,
 * shown next to the field they concern.
 */
export function StudioEditor({ initial }: { initial: StudioCourseDto }) {
  const [course, setCourse] = useState(initial);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [pending, startTransition] = useTransition();
  const [published, setPublished] = useState<string>("");
  const [publishErrors, setPublishErrors] = useState<FieldErrors>({});

  useEffect(() => {
    const onChange = () => {
      const current = window.getSelection();
      if (!current || current.isCollapsed || current.rangeCount === 0) return;
      const range = current.getRangeAt(0);
      const start = (range.startContainer.nodeType === Node.TEXT_NODE ? range.startContainer.parentElement : (range.startContainer as Element))?.closest("[data-anchor]");
      const end = (range.endContainer.nodeType === Node.TEXT_NODE ? range.endContainer.parentElement : (range.endContainer as Element))?.closest("[data-anchor]");
      const quote = current.toString().replace(/\s+/g, " ").trim();
      if (!start || start !== end || !quote) return;
      setSelection({ anchor: start.getAttribute("data-anchor")!, quote });
    };
    document.addEventListener("selectionchange", onChange);
    return () => document.removeEventListener("selectionchange", onChange);
  }, []);

  async function apply(result: Promise<ActionState<StudioCourseDto>>, done: string): Promise<FieldErrors | null> {
    const outcome = await result;
    if (outcome.status === "ok") {
      setCourse(outcome.data);
      setAnnouncement(done);
      return null;
    }
    if (outcome.status === "error") {
      setAnnouncement(outcome.message);
      return outcome.fields ?? { _: [outcome.message] };
    }
    return null;
  }

  const lessonOfAnchor = (anchor: string) => course.lessons.find((lesson) => lesson.passages.includes(anchor))?.key ?? course.lessons[0]?.key ?? "";
  const accepted = course.cards.filter((card) => card.status === "accepted");

  return (
    <div className={styles.studio}>
      <p className={styles.visuallyHidden} role="status" aria-live="polite">
        {announcement}
      </p>
      {/* Scrolls on its own beside the cards, so it takes focus for keyboard scrolling. */}
      <section className={styles.source} aria-labelledby="source-heading" tabIndex={0}>
        <h2 id="source-heading">{course.sourceTitle}</h2>
        <p className={styles.hint}>Select words in a paragraph to quote them on a new card, or on a card you are editing.</p>
        {course.paragraphs.map((paragraph) =>
          paragraph.kind === "heading" ? (
            <h3 key={paragraph.anchor} className={styles.sourceHeading}>
              {paragraph.text}
            </h3>
          ) : paragraph.kind === "furniture" ? (
            <p key={paragraph.anchor} className={styles.furniture}>
              <span className={styles.badge}>page furniture</span> {paragraph.text}
            </p>
          ) : (
            <p key={paragraph.anchor} data-anchor={paragraph.anchor} className={styles.paragraph} id={`source-${paragraph.anchor}`}>
              {paragraph.text}
            </p>
          ),
        )}
        {selection ? (
          <NewCardFromSelection
            key={`${selection.anchor}|${selection.quote}`}
            selection={selection}
            lessons={course.lessons}
            defaultLesson={lessonOfAnchor(selection.anchor)}
            onSave={(input) => apply(saveStudioCardAction(course.slug, null, input), "Card added.")}
          />
        ) : null}
      </section>

      <section className={styles.cards} aria-labelledby="cards-heading">
        <div className={styles.publishBar}>
          <h2 id="cards-heading">Lessons and cards</h2>
          <p className={styles.hint}>
            {accepted.length} accepted of {course.cards.length} cards · {course.version === null ? "not published yet" : `version ${course.version} published`}
          </p>
          <button
            type="button"
            className={formStyles.button}
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const outcome = await publishStudioCourseAction(course.slug);
                if (outcome.status === "ok") {
                  setPublished(outcome.message ?? "Published.");
                  setPublishErrors({});
                  setCourse((current) => ({ ...current, status: "published", version: outcome.data.version }));
                } else if (outcome.status === "error") {
                  setPublished(outcome.message);
                  setPublishErrors(outcome.fields ?? {});
                }
              })
            }
          >
            Publish
          </button>
          {published ? (
            <div role="alert" className={Object.keys(publishErrors).length ? styles.problem : styles.done}>
              <p>{published}</p>
              {Object.keys(publishErrors).length ? (
                <ul>
                  {Object.entries(publishErrors).map(([field, messages]) => (
                    <li key={field}>
                      <code>{field}</code>: {messages[0]}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          {course.status === "published" ? (
            <p className={styles.hint}>
              Students see the course once it is assigned to one of your classes: <a href="/teach">create a class</a> on it.
            </p>
          ) : null}
        </div>
        <ReviewPreview cards={accepted} />
        {course.lessons.map((lesson, index) => (
          <LessonEditor
            key={lesson.key}
            lesson={lesson}
            position={index + 1}
            last={index === course.lessons.length - 1}
            course={course}
            problems={[...course.errors, ...course.warnings].filter((problem) => problem.lessonKey === lesson.key)}
            onSave={(input, done) => apply(saveStudioLessonAction(course.slug, lesson.key, input), done)}
          >
            {course.cards
              .filter((card) => card.lessonKey === lesson.key)
              .map((card) => (
                <CardEditor
                  key={card.id}
                  card={card}
                  course={course}
                  selection={selection}
                  problems={[...course.errors, ...course.warnings].filter((problem) => problem.cardId === card.id)}
                  onSave={(input, done) => apply(saveStudioCardAction(course.slug, card.id, input), done)}
                  onDelete={() => apply(deleteStudioCardAction(course.slug, card.id), "Card deleted.")}
                />
              ))}
          </LessonEditor>
        ))}
      </section>
    </div>
  );
}

function Problems({ problems, errors, field, label }: { problems: StudioFieldProblem[]; errors: FieldErrors; field: string; label: string }) {
  const mine = problems.filter((problem) => problem.field === field);
  const refused = errors[field] ?? [];
  if (!mine.length && !refused.length) return null;
  return (
    <ul className={styles.problems} aria-label={`${label}: problems`}>
      {refused.map((message) => (
        <li key={message} className={styles.problem}>
          {label} {message}.
        </li>
      ))}
      {mine.map((problem) => (
        <li key={`${problem.code}${problem.message}`} className={problem.severity === "error" ? styles.problem : styles.warning}>
          {problem.severity === "error" ? "Error" : "Warning"}: {problem.message}
        </li>
      ))}
    </ul>
  );
}

type CardDraftFields = { prompt: string; answer: string; explanation: string; anchor: string; quote: string };

function CardEditor({
  card,
  course,
  selection,
  problems,
  onSave,
  onDelete,
}: {
  card: StudioCard;
  course: StudioCourseDto;
  selection: Selection | null;
  problems: StudioFieldProblem[];
  onSave: (input: Record<string, unknown>, done: string) => Promise<FieldErrors | null>;
  onDelete: () => Promise<FieldErrors | null>;
}) {
  const id = useId();
  const [fields, setFields] = useState<CardDraftFields>({
    prompt: card.prompt,
    answer: card.answer,
    explanation: card.explanation,
    anchor: card.source.anchor,
    quote: card.source.quote,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [preview, setPreview] = useState(false);
  const paragraph = course.paragraphs.find((candidate) => candidate.anchor === fields.anchor);
  // Live checks while typing; the compiler's own messages come back with every save.
  const live: FieldErrors = {};
  if (fields.prompt.trim() === "") live.prompt = ["is required"];
  if (card.kind === "basic" && fields.answer.trim() === "") live.answer = ["is required"];
  if (paragraph && fields.quote.trim() !== "" && !paragraph.text.includes(fields.quote)) live["source.quote"] = ["is not word for word in its paragraph"];
  const shown = { ...live, ...errors };
  const changed =
    fields.prompt !== card.prompt ||
    fields.answer !== card.answer ||
    fields.explanation !== card.explanation ||
    fields.quote !== card.source.quote ||
    fields.anchor !== card.source.anchor;
  const save = async (extra: Record<string, unknown>, done: string) => {
    const input: Record<string, unknown> = { ...extra };
    if (changed) {
      Object.assign(input, { prompt: fields.prompt, explanation: fields.explanation, source: { anchor: fields.anchor, quote: fields.quote } });
      if (card.kind === "basic") input.answer = fields.answer;
    }
    setErrors((await onSave(input, done)) ?? {});
  };
  const position = course.cards.indexOf(card) + 1;
  const label = card.kind === "cloze" ? "Cloze text" : "Question";
  return (
    <article className={`${styles.card} ${card.status === "draft" ? styles.draft : ""}`} aria-labelledby={`${id}-title`}>
      <header className={styles.cardHeader}>
        <h4 id={`${id}-title`}>
          {card.status === "draft" ? "Draft" : "Card"} <code>{card.id}</code>
        </h4>
        {card.reason ? <p className={styles.hint}>Proposed because: {card.reason}</p> : null}
      </header>
      <label className={formStyles.label} htmlFor={`${id}-prompt`}>
        {label}
      </label>
      <textarea
        id={`${id}-prompt`}
        className={formStyles.input}
        rows={2}
        value={fields.prompt}
        aria-invalid={shown.prompt ? true : undefined}
        onChange={(event) => setFields({ ...fields, prompt: event.target.value })}
      />
      <Problems problems={problems} errors={shown} field="prompt" label={label} />
      {card.kind === "basic" ? (
        <>
          <label className={formStyles.label} htmlFor={`${id}-answer`}>
            Answer
          </label>
          <textarea
            id={`${id}-answer`}
            className={formStyles.input}
            rows={2}
            value={fields.answer}
            aria-invalid={shown.answer ? true : undefined}
            onChange={(event) => setFields({ ...fields, answer: event.target.value })}
          />
          <Problems problems={problems} errors={shown} field="answer" label="Answer" />
        </>
      ) : null}
      <label className={formStyles.label} htmlFor={`${id}-quote`}>
        Quote from <a href={`#source-${fields.anchor}`}>{fields.anchor}</a>
      </label>
      <textarea
        id={`${id}-quote`}
        className={formStyles.input}
        rows={2}
        value={fields.quote}
        aria-invalid={shown["source.quote"] ? true : undefined}
        onChange={(event) => setFields({ ...fields, quote: event.target.value })}
      />
      <Problems problems={problems} errors={shown} field="source.quote" label="Quote" />
      <Problems problems={problems} errors={shown} field="card" label="Card" />
      <div className={formStyles.buttonRow}>
        <button
          type="button"
          className={formStyles.secondaryButton}
          disabled={!selection}
          onClick={() => selection && setFields({ ...fields, anchor: selection.anchor, quote: selection.quote })}
        >
          Use selected text as quote
        </button>
        {card.status === "draft" ? (
          <button type="button" className={formStyles.button} onClick={() => save({ status: "accepted" }, "Card accepted.")}>
            Accept
          </button>
        ) : null}
        <button type="button" className={formStyles.secondaryButton} disabled={!changed} onClick={() => save({}, "Card saved.")}>
          Save
        </button>
        <button type="button" className={formStyles.secondaryButton} disabled={position <= 1} onClick={() => save({ position: position - 1 }, "Card moved up.")}>
          Move up
        </button>
        <button type="button" className={formStyles.secondaryButton} onClick={() => save({ position: position + 1 }, "Card moved down.")}>
          Move down
        </button>
        <button type="button" className={formStyles.secondaryButton} onClick={() => setPreview(!preview)} aria-expanded={preview}>
          Preview
        </button>
        <button type="button" className={formStyles.dangerButton} onClick={async () => setErrors((await onDelete()) ?? {})}>
          Delete
        </button>
      </div>
      {preview ? <CardPreview card={{ ...card, prompt: fields.prompt, answer: fields.answer, source: { anchor: fields.anchor, quote: fields.quote } }} /> : null}
    </article>
  );
}

/** The card as a student sees it in a review: the question first, the answer and its source on demand. */
function CardPreview({ card }: { card: StudioCard }) {
  const [shown, setShown] = useState(false);
  const deletions = [...card.prompt.matchAll(CLOZE)].map((match) => match[1]);
  const faces =
    card.kind === "cloze"
      ? deletions.map((answer, index) => {
          let seen = -1;
          const prompt = card.prompt.replace(CLOZE, (_, text: string) => {
            seen += 1;
            return seen === index ? "[…]" : text;
          });
          return { prompt, answer: answer ?? "" };
        })
      : [{ prompt: card.prompt, answer: card.answer }];
  return (
    <div className={styles.preview}>
      {faces.map((face, index) => (
        <div key={index} className={styles.face}>
          <p className={styles.previewPrompt}>{face.prompt}</p>
          {shown ? (
            <>
              <p className={styles.previewAnswer}>{face.answer}</p>
              <blockquote className={styles.previewQuote}>“{card.source.quote}”</blockquote>
            </>
          ) : null}
        </div>
      ))}
      <button type="button" className={formStyles.secondaryButton} onClick={() => setShown(!shown)}>
        {shown ? "Hide answer" : "Show answer"}
      </button>
    </div>
  );
}

function ReviewPreview({ cards }: { cards: StudioCard[] }) {
  const [index, setIndex] = useState<number | null>(null);
  if (cards.length === 0) return null;
  const card = index === null ? undefined : cards[index];
  return (
    <section className={styles.reviewPreview} aria-label="Preview a review session">
      {card ? (
        <>
          <p className={styles.hint}>
            Preview: card {index! + 1} of {cards.length}, as a student reviews it
          </p>
          <CardPreview key={card.id} card={card} />
          <div className={formStyles.buttonRow}>
            <button type="button" className={formStyles.secondaryButton} onClick={() => setIndex(index! + 1 < cards.length ? index! + 1 : null)}>
              {index! + 1 < cards.length ? "Next card" : "End preview"}
            </button>
          </div>
        </>
      ) : (
        <button type="button" className={formStyles.secondaryButton} onClick={() => setIndex(0)}>
          Preview a review session ({cards.length} accepted cards)
        </button>
      )}
    </section>
  );
}

function LessonEditor({
  lesson,
  position,
  last,
  course,
  problems,
  onSave,
  children,
}: {
  lesson: StudioLesson;
  position: number;
  last: boolean;
  course: StudioCourseDto;
  problems: StudioFieldProblem[];
  onSave: (input: Record<string, unknown>, done: string) => Promise<FieldErrors | null>;
  children: React.ReactNode;
}) {
  const id = useId();
  const [title, setTitle] = useState(lesson.title);
  const [body, setBody] = useState(lesson.body);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [preview, setPreview] = useState(false);
  const save = async (input: Record<string, unknown>, done: string) => setErrors((await onSave(input, done)) ?? {});
  const passages = course.paragraphs.filter((paragraph) => lesson.passages.includes(paragraph.anchor));
  return (
    <section className={styles.lesson} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>
        Lesson {position}: {lesson.title}
      </h3>
      <label className={formStyles.label} htmlFor={`${id}-title`}>
        Lesson title
      </label>
      <input id={`${id}-title`} className={formStyles.input} value={title} onChange={(event) => setTitle(event.target.value)} aria-invalid={title.trim() === "" ? true : undefined} />
      <Problems problems={problems} errors={title.trim() === "" ? { title: ["is required"], ...errors } : errors} field="title" label="Lesson title" />
      <label className={formStyles.label} htmlFor={`${id}-body`}>
        Lesson text (optional; the lesson shows its passages either way)
      </label>
      <textarea id={`${id}-body`} className={formStyles.input} rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
      <Problems problems={problems} errors={errors} field="body" label="Lesson text" />
      <Problems problems={problems} errors={errors} field="passages" label="Passages" />
      <div className={formStyles.buttonRow}>
        <button type="button" className={formStyles.secondaryButton} disabled={title === lesson.title && body === lesson.body} onClick={() => save({ title, body }, "Lesson saved.")}>
          Save lesson
        </button>
        <button type="button" className={formStyles.secondaryButton} disabled={position <= 1} onClick={() => save({ position: position - 1 }, "Lesson moved up.")}>
          Move lesson up
        </button>
        <button type="button" className={formStyles.secondaryButton} disabled={last} onClick={() => save({ position: position + 1 }, "Lesson moved down.")}>
          Move lesson down
        </button>
        <button type="button" className={formStyles.secondaryButton} onClick={() => setPreview(!preview)} aria-expanded={preview}>
          Preview lesson
        </button>
      </div>
      {preview ? (
        <div className={styles.preview}>
          <h4>{title}</h4>
          {body.trim() ? <p className={styles.lessonBody}>{body}</p> : null}
          {passages.map((paragraph) => (
            <blockquote key={paragraph.anchor} className={styles.previewQuote}>
              {paragraph.text}
            </blockquote>
          ))}
        </div>
      ) : null}
      {children}
    </section>
  );
}

function NewCardFromSelection({
  selection,
  lessons,
  defaultLesson,
  onSave,
}: {
  selection: Selection;
  lessons: StudioLesson[];
  defaultLesson: string;
  onSave: (input: Record<string, unknown>) => Promise<FieldErrors | null>;
}) {
  const id = useId();
  const [prompt, setPrompt] = useState("");
  const [answer, setAnswer] = useState("");
  const [lessonKey, setLessonKey] = useState(defaultLesson);
  const [errors, setErrors] = useState<FieldErrors>({});
  return (
    <form
      className={styles.newCard}
      aria-label="New card from the selected text"
      onSubmit={async (event) => {
        event.preventDefault();
        const refused = await onSave({ kind: "basic", lessonKey, prompt, answer, source: selection, status: "accepted" });
        setErrors(refused ?? {});
        if (!refused) {
          setPrompt("");
          setAnswer("");
        }
      }}
    >
      <p className={styles.hint}>
        Selected in <code>{selection.anchor}</code>: “{selection.quote}”
      </p>
      <label className={formStyles.label} htmlFor={`${id}-lesson`}>
        Lesson
      </label>
      <select id={`${id}-lesson`} className={formStyles.select} value={lessonKey} onChange={(event) => setLessonKey(event.target.value)}>
        {lessons.map((lesson) => (
          <option key={lesson.key} value={lesson.key}>
            {lesson.title}
          </option>
        ))}
      </select>
      <label className={formStyles.label} htmlFor={`${id}-prompt`}>
        Question
      </label>
      <textarea id={`${id}-prompt`} className={formStyles.input} rows={2} value={prompt} onChange={(event) => setPrompt(event.target.value)} />
      <Problems problems={[]} errors={errors} field="prompt" label="Question" />
      <label className={formStyles.label} htmlFor={`${id}-answer`}>
        Answer
      </label>
      <textarea id={`${id}-answer`} className={formStyles.input} rows={2} value={answer} onChange={(event) => setAnswer(event.target.value)} />
      <Problems problems={[]} errors={errors} field="answer" label="Answer" />
      <Problems problems={[]} errors={errors} field="_" label="Card" />
      <button type="submit" className={formStyles.button}>
        Add card from selection
      </button>
    </form>
  );
}
