"use client";

import { useActionState } from "react";
import { Field, FormAlert, formStyles } from "@/app/_components/forms/Field";
import { submitKeepingValues } from "@/app/_components/forms/keep-values";
import { fieldError, IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { createAssignmentAction } from "@/app/teach/actions";
import styles from "./teach.module.css";

type Outline = { key: string; title: string; lessons: { key: string; title: string; cards: number }[] }[];

export function AssignmentForm({
  classId,
  outline,
  timeZone,
  defaultOpensAt,
  defaultDueAt,
}: {
  classId: string;
  outline: Outline;
  timeZone: string;
  defaultOpensAt: string;
  defaultDueAt: string;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createAssignmentAction.bind(null, classId), IDLE_ACTION_STATE);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  const chosen = new Set((values.lessonKeys ?? "").split(",").filter(Boolean));
  const scope = values.scope ?? "lessons";
  const zone = timeZone.replaceAll("_", " ");
  const lessonsError = fieldError(state, "lessonKeys") ?? fieldError(state, "unitKey");
  return (
    <form action={action} onSubmit={submitKeepingValues(action)} className={formStyles.form} noValidate>
      <FormAlert message={state.status === "error" && !state.fields ? state.message : undefined} />
      <Field name="title" label="Title" hint="Optional: the lesson or unit titles are used otherwise." maxLength={120} defaultValue={values.title ?? ""} error={fieldError(state, "title")} />

      <fieldset className={styles.lessonGroup} aria-describedby={lessonsError ? "lessons-error" : undefined}>
        <legend>What to assign</legend>
        <label className={styles.check}>
          <input type="radio" name="scope" value="lessons" defaultChecked={scope === "lessons"} />
          <span>The lessons ticked below</span>
        </label>
        {outline.map((unit) => (
          <label key={unit.key} className={styles.check}>
            <input type="radio" name="scope" value={`unit:${unit.key}`} defaultChecked={scope === `unit:${unit.key}`} />
            <span>Whole unit: {unit.title}</span>
          </label>
        ))}
        {lessonsError ? (
          <p className={formStyles.error} id="lessons-error">
            Lessons {lessonsError}.
          </p>
        ) : null}
      </fieldset>

      {outline.map((unit) => (
        <fieldset key={unit.key} className={styles.lessonGroup}>
          <legend>{unit.title}</legend>
          {unit.lessons.map((lesson) => (
            <label key={lesson.key} className={styles.check}>
              <input type="checkbox" name="lessonKeys" value={lesson.key} defaultChecked={chosen.has(lesson.key)} />
              <span>
                {lesson.title} <span className={styles.muted}>({lesson.cards} cards)</span>
              </span>
            </label>
          ))}
        </fieldset>
      ))}

      <Field
        name="opensAt"
        label="Opens"
        type="datetime-local"
        hint={`Class time (${zone}).`}
        defaultValue={values.opensAt ?? defaultOpensAt}
        error={fieldError(state, "opensAt")}
      />
      <Field
        name="dueAt"
        label="Due"
        type="datetime-local"
        hint={`Class time (${zone}). Work finished later still counts and is marked late.`}
        required
        defaultValue={values.dueAt ?? defaultDueAt}
        error={fieldError(state, "dueAt")}
      />

      <fieldset className={styles.lessonGroup}>
        <legend>Goal</legend>
        <label className={styles.check}>
          <input type="radio" name="goal" value="learn" defaultChecked={values.goal !== "recall"} />
          <span>
            Learn: every card answered until it reaches review at least once.
          </span>
        </label>
        <label className={styles.check}>
          <input type="radio" name="goal" value="recall" defaultChecked={values.goal === "recall"} />
          <span>Recall: learned, and the latest answer to every card is not Again.</span>
        </label>
      </fieldset>

      <div>
        <button className={formStyles.button} type="submit" disabled={pending}>
          {pending ? "Assigning…" : "Assign"}
        </button>
      </div>
    </form>
  );
}
