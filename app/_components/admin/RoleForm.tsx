"use client";

import { useActionState } from "react";
import { setRoleAction } from "@/app/admin/users/actions";
import { ROLES, type PublicUser, type Role } from "@/lib/contracts";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { formStyles } from "../forms/Field";
import styles from "./admin.module.css";

/** One user's role: a labelled select and its own save button, so each row works on a phone. */
export function RoleForm({ user }: { user: { id: string; email: string; role: Role } }) {
  const [state, formAction, pending] = useActionState<ActionState<PublicUser>, FormData>(
    setRoleAction,
    IDLE_ACTION_STATE,
  );
  const selectId = `role-${user.id}`;
  const current = state.status === "ok" ? state.data.role : user.role;
  return (
    <form className={styles.roleForm} action={formAction}>
      <input type="hidden" name="userId" value={user.id} />
      <label className={formStyles.label} htmlFor={selectId}>
        Role <span className="visually-hidden">for {user.email}</span>
      </label>
      <select id={selectId} name="role" className={formStyles.select} defaultValue={current} key={current}>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
      <button className={formStyles.secondaryButton} type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
      <p className={state.status === "error" ? formStyles.error : formStyles.hint} role="status">
        {state.status === "error" ? state.message : state.status === "ok" ? state.message : ""}
      </p>
    </form>
  );
}
