import { describe, expect, test } from "vitest";
import { timeZoneChoices } from "@/lib/classes/time";
import {
  currentTimeZoneName,
  currentTimeZones,
  groupTimeZones,
  timeZoneLabel,
  timeZoneMatches,
} from "@/lib/classes/time-zones";

describe("time-zone choices", () => {
  const choices = timeZoneChoices();

  test("current canonical names only: renamed zones under their new names, no backward links", () => {
    for (const old of [
      "Asia/Calcutta",
      "Europe/Kiev",
      "America/Godthab",
      "Asia/Saigon",
      "US/Pacific-New",
      "Canada/East-Saskatchewan",
      "US/Pacific",
      "Etc/GMT+5",
    ]) {
      expect(choices).not.toContain(old);
    }
    for (const current of [
      "Asia/Kolkata",
      "Europe/Kyiv",
      "America/Nuuk",
      "Asia/Ho_Chi_Minh",
      "America/Chicago",
      "America/Argentina/Buenos_Aires",
    ]) {
      expect(choices).toContain(current);
    }
    expect(choices[0]).toBe("UTC");
    expect(new Set(choices).size).toBe(choices.length);
  });

  test("every choice is a zone the runtime can format", () => {
    for (const zone of choices) expect(() => new Intl.DateTimeFormat("en", { timeZone: zone })).not.toThrow();
  });

  test("a device reporting an old name gets the current one", () => {
    expect(currentTimeZoneName("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(currentTimeZoneName("America/Chicago")).toBe("America/Chicago");
    expect(currentTimeZones(["Europe/Kiev", "Europe/Kyiv", "Etc/GMT+5", "US/Eastern"])).toEqual(["UTC", "Europe/Kyiv"]);
  });

  test("grouped by region with readable labels", () => {
    const groups = groupTimeZones([
      "UTC",
      "America/Argentina/Buenos_Aires",
      "America/Chicago",
      "Europe/Berlin",
      "Indian/Maldives",
    ]);
    expect(groups.map((group) => group.region)).toEqual([
      "Coordinated Universal Time",
      "Americas",
      "Europe",
      "Indian Ocean",
    ]);
    expect(groups[1]!.zones).toEqual([
      { value: "America/Argentina/Buenos_Aires", label: "Argentina / Buenos Aires" },
      { value: "America/Chicago", label: "Chicago" },
    ]);
    expect(timeZoneLabel("America/New_York")).toBe("New York");
  });

  test("search matches city or region, spaces or underscores alike", () => {
    expect(timeZoneMatches("America/New_York", "new york")).toBe(true);
    expect(timeZoneMatches("America/New_York", "America")).toBe(true);
    expect(timeZoneMatches("America/New_York", "berlin")).toBe(false);
    expect(choices.filter((zone) => timeZoneMatches(zone, "chicago"))).toEqual(["America/Chicago"]);
  });
});
