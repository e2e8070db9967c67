"use client";

import { useEffect, useId, useMemo, useState } from "react";
import { formStyles } from "@/app/_components/forms/Field";
import { currentTimeZoneName, groupTimeZones, timeZoneLabel, timeZoneMatches } from "@/lib/classes/time-zones";

/**
 * A time-zone picker: current canonical names grouped by region, with a search box that narrows the
 * list, and the device's own zone first. With `detect`, an untouched default becomes the device's zone.
 */
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
  const [query, setQuery] = useState("");
  const [deviceZone, setDeviceZone] = useState<string | null>(null);
  useEffect(() => {
    const reported = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const browserZone = reported ? currentTimeZoneName(reported) : null;
    if (!browserZone || !zones.includes(browserZone)) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the device's zone is only known after hydration
    setDeviceZone(browserZone);
    if (detect) setValue((current) => (current === defaultValue ? browserZone : current));
  }, [detect, zones, defaultValue]);

  const groups = useMemo(() => {
    // The chosen zone stays listed even when it is not a current name (an older saved setting).
    const offered = zones.includes(value) ? zones : [value, ...zones];
    const matching = offered.filter((zone) => zone === value || zone === deviceZone || timeZoneMatches(zone, query));
    const grouped = groupTimeZones(matching.filter((zone) => zone !== deviceZone));
    return deviceZone ? [{ region: "This device", zones: [{ value: deviceZone, label: timeZoneLabel(deviceZone) }] }, ...grouped] : grouped;
  }, [zones, value, deviceZone, query]);
  const shown = groups.reduce((count, group) => count + group.zones.length, 0);

  const id = `field-${name}`;
  const searchId = useId();
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
      <label className={formStyles.hint} htmlFor={searchId}>
        Find a zone by city or region
      </label>
      <input
        id={searchId}
        type="search"
        className={formStyles.input}
        value={query}
        onChange={(event) => {
          const typed = event.target.value;
          setQuery(typed);
          // Typing a city picks its zone; the list below shows the other matches.
          const first = zones.find((zone) => timeZoneMatches(zone, typed));
          if (typed.trim() && first && !timeZoneMatches(value, typed)) setValue(first);
        }}
        placeholder="e.g. Chicago"
        autoComplete="off"
        aria-controls={id}
      />
      <select
        id={id}
        name={name}
        className={formStyles.select}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : "", error ? `${id}-error` : "", `${id}-count`].filter(Boolean).join(" ")}
      >
        {groups.map((group) => (
          <optgroup key={group.region} label={group.region}>
            {group.zones.map((zone) => (
              <option key={zone.value} value={zone.value}>
                {zone.value === "UTC" ? "UTC" : `${zone.label} (${zone.value.split("/")[0]})`}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p className={formStyles.hint} id={`${id}-count`} aria-live="polite">
        {query.trim() ? `${shown} ${shown === 1 ? "zone" : "zones"} match “${query.trim()}”.` : `${value === "UTC" ? "UTC" : timeZoneLabel(value)} selected.`}
      </p>
      {error ? (
        <p className={formStyles.error} id={`${id}-error`}>
          {label} {error}.
        </p>
      ) : null}
    </div>
  );
}
