"use client";

import { useEffect, useState } from "react";
import { formStyles } from "@/app/_components/forms/Field";

/** A time-zone picker (every IANA zone given); with `detect`, it starts at the browser's zone instead of UTC. */
export function TimeZoneSelect({
  name,
  label,
  zones,
  defaultValue,
  detect = false,
  hint,
  error,
}: {
  name: string;
  label: string;
  zones: string[];
  defaultValue: string;
  detect?: boolean;
  hint?: string;
  error?: string;
}) {
  const [value, setValue] = useState(defaultValue);
  useEffect(() => {
    if (!detect) return;
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's zone is only known after hydration
    if (browserZone && zones.includes(browserZone)) setValue((current) => (current === defaultValue ? browserZone : current));
  }, [detect, zones, defaultValue]);
  const id = `field-${name}`;
  return (
    <div className={formStyles.field}>
      <label className={formStyles.label} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className={formStyles.hint} id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        className={formStyles.select}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined}
      >
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      {error ? (
        <p className={formStyles.error} id={`${id}-error`}>
          {label} {error}.
        </p>
      ) : null}
    </div>
  );
}
