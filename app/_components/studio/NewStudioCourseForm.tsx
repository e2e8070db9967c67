"use client";

import { useActionState } from "react";
import { Field, FormAlert, formStyles } from "@/app/_components/forms/Field";
import { fieldError, IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { createStudioCourseAction } from "@/app/teach/studio/actions";

/** Paste a text or upload a .txt, .md or .docx file; the studio opens with the generated drafts. */
export function NewStudioCourseForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(createStudioCourseAction, IDLE_ACTION_STATE);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  const sourceError = fieldError(state, "sourceText");
  const fileError = fieldError(state, "file");
  return (
    <form action={action} className={formStyles.form} noValidate>
      <FormAlert message={state.status === "error" && !state.fields ? state.message : undefined} />
      <Field name="title" label="Course title" required maxLength={200} defaultValue={values.title ?? ""} error={fieldError(state, "title")} />
      <Field
        name="sourceTitle"
        label="Source title"
        hint="The title of the essay or text, as students will see it cited."
        required
        maxLength={300}
        defaultValue={values.sourceTitle ?? ""}
        error={fieldError(state, "sourceTitle")}
      />
      <div className={formStyles.field}>
        <label className={formStyles.label} htmlFor="field-sourceText">
          Source text
        </label>
        <p className={formStyles.hint} id="field-sourceText-hint">
          Paste the text (up to 100,000 characters), paragraphs separated by a blank line, or upload a file below.
        </p>
        <textarea
          id="field-sourceText"
          name="sourceText"
          rows={12}
          className={formStyles.input}
          aria-describedby={`field-sourceText-hint${sourceError ? " field-sourceText-error" : ""}`}
          aria-invalid={sourceError ? true : undefined}
        />
        {sourceError ? (
          <p className={formStyles.error} id="field-sourceText-error">
            Source text {sourceError}.
          </p>
        ) : null}
      </div>
      <div className={formStyles.field}>
        <label className={formStyles.label} htmlFor="field-file">
          Or upload a file (.txt, .md, .docx)
        </label>
        <input
          id="field-file"
          name="file"
          type="file"
          accept=".txt,.md,.markdown,.docx,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? "field-file-error" : undefined}
        />
        {fileError ? (
          <p className={formStyles.error} id="field-file-error">
            The file {fileError}.
          </p>
        ) : null}
      </div>
      <div>
        <button className={formStyles.button} type="submit" disabled={pending}>
          {pending ? "Making drafts…" : "Make draft course"}
        </button>
      </div>
    </form>
  );
}
