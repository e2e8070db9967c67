/**
 * The time zones people pick from: current canonical IANA names, grouped by region. Dependency-free,
 * so the picker on the device and the pages on the server share it.
 *
 * The runtime's own list (ICU/CLDR) keeps some names the tz database has since renamed (Asia/Calcutta,
 * Europe/Kiev) and browsers may still report them; both read them through CURRENT_NAMES. Backward-
 * compatibility links (US/Pacific, Etc/GMT+5) are never offered.
 */

/** CLDR's stable identifiers that the tz database has replaced, with the current name. */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

const REGIONS = ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"] as const;

const REGION_NAMES: Record<(typeof REGIONS)[number], string> = {
  Africa: "Africa",
  America: "Americas",
  Antarctica: "Antarctica",
  Arctic: "Arctic",
  Asia: "Asia",
  Atlantic: "Atlantic",
  Australia: "Australia",
  Europe: "Europe",
  Indian: "Indian Ocean",
  Pacific: "Pacific",
};

/** The current name of a zone (itself when it has not been renamed). */
export function currentTimeZoneName(zone: string): string {
  return CURRENT_NAMES[zone] ?? zone;
}

/** "America/Argentina/Buenos_Aires" → "Argentina / Buenos Aires"; "UTC" → "UTC". */
export function timeZoneLabel(zone: string): string {
  const parts = zone.split("/");
  return (parts.length > 1 ? parts.slice(1) : parts).join(" / ").replaceAll("_", " ");
}

/**
 * The zones to offer, sorted, UTC first: every region zone the runtime knows, under its current name.
 * `known` is the runtime's list (Intl.supportedValuesOf("timeZone")), given for testability.
 */
export function currentTimeZones(known: readonly string[]): string[] {
  const regional = new Set<string>();
  for (const zone of known) {
    const current = currentTimeZoneName(zone);
    if ((REGIONS as readonly string[]).includes(current.split("/")[0]!) && current.includes("/")) regional.add(current);
  }
  return ["UTC", ...[...regional].sort()];
}

export type TimeZoneGroup = { region: string; zones: { value: string; label: string }[] };

/** Zones grouped by region for a picker (UTC in a group of its own, first). */
export function groupTimeZones(zones: readonly string[]): TimeZoneGroup[] {
  const groups = new Map<string, TimeZoneGroup>();
  for (const zone of zones) {
    const prefix = zone.includes("/") ? zone.split("/")[0]! : "";
    const region = REGION_NAMES[prefix as (typeof REGIONS)[number]] ?? "Coordinated Universal Time";
    if (!groups.has(region)) groups.set(region, { region, zones: [] });
    groups.get(region)!.zones.push({ value: zone, label: timeZoneLabel(zone) });
  }
  return [...groups.values()];
}

/** Whether a zone matches what someone typed: any word of its name or region, spaces or underscores alike. */
export function timeZoneMatches(zone: string, query: string): boolean {
  const wanted = query.trim().toLowerCase().replaceAll("_", " ");
  if (!wanted) return true;
  return zone.toLowerCase().replaceAll("_", " ").replaceAll("/", " / ").includes(wanted);
}
