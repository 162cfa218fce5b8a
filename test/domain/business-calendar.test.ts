import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addSlaDuration,
  isOpenAt,
  isValidZone,
  nextOpening,
  openTimeBetween,
  validateCalendar,
  type BusinessCalendar,
} from "../../src/domain/business-calendar.js";
import { parseSlaDuration, type SlaDuration } from "../../src/domain/sla-duration.js";

const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};
const dur = (text: string): SlaDuration => parseSlaDuration(text)!;
const iso = (ms: number): string => new Date(ms).toISOString();

const weekdays = (start: string, end: string) => ({
  mon: [{ start, end }],
  tue: [{ start, end }],
  wed: [{ start, end }],
  thu: [{ start, end }],
  fri: [{ start, end }],
});

/** Fleet Tier 2: Mon–Fri 06:00–20:00, Sat 08:00–17:00, Sun closed, Pacific. */
const fleetTier2: BusinessCalendar = {
  zone: "America/Los_Angeles",
  hours: { ...weekdays("06:00", "20:00"), sat: [{ start: "08:00", end: "17:00" }] },
  holidays: ["2026-12-25"],
};
const officeLA: BusinessCalendar = {
  zone: "America/Los_Angeles",
  hours: weekdays("09:00", "17:00"),
  holidays: ["2026-12-25"],
};
const lunchBreakLondon: BusinessCalendar = {
  zone: "Europe/London",
  hours: {
    mon: [{ start: "13:00", end: "17:00" }, { start: "09:00", end: "12:00" }], // unsorted on purpose
    tue: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "17:00" }],
  },
  holidays: [],
};
const allDayBerlin: BusinessCalendar = { zone: "Europe/Berlin", hours: weekdays("00:00", "24:00"), holidays: [] };
const mondaysOnly: BusinessCalendar = { zone: "UTC", hours: { mon: [{ start: "09:00", end: "17:00" }] }, holidays: [] };
const alwaysLA: BusinessCalendar = {
  zone: "America/Los_Angeles",
  hours: { ...weekdays("00:00", "24:00"), sat: [{ start: "00:00", end: "24:00" }], sun: [{ start: "00:00", end: "24:00" }] },
  holidays: [],
};
const neverOpen: BusinessCalendar = { zone: "UTC", hours: { mon: [] }, holidays: [] };

describe("isValidZone", () => {
  it.each([
    ["America/Los_Angeles", true],
    ["UTC", true],
    ["Europe/London", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
  ])("%j -> %s", (zone, ok) => expect(isValidZone(zone)).toBe(ok));
});

describe("validateCalendar", () => {
  it("accepts the sample calendars", () => {
    for (const cal of [fleetTier2, officeLA, lunchBreakLondon, allDayBerlin, mondaysOnly]) {
      expect(validateCalendar(cal)).toEqual([]);
    }
  });
  it("reports bad zone, times, overnight ranges and holidays", () => {
    const problems = validateCalendar({
      zone: "Nowhere/Special",
      hours: { mon: [{ start: "9", end: "17:00" }], tue: [{ start: "22:00", end: "06:00" }] },
      holidays: ["25/12/2026"],
    });
    expect(problems).toHaveLength(4);
  });
});

describe("isOpenAt", () => {
  it.each<[string, BusinessCalendar, boolean]>([
    ["2026-06-12T06:00:00-07:00", fleetTier2, true], // Fri opening instant
    ["2026-06-12T05:59:59-07:00", fleetTier2, false],
    ["2026-06-12T20:00:00-07:00", fleetTier2, false], // close is exclusive
    ["2026-06-13T12:00:00-07:00", fleetTier2, true], // Sat
    ["2026-06-14T12:00:00-07:00", fleetTier2, false], // Sun
    ["2026-12-25T12:00:00-08:00", fleetTier2, false], // holiday
    ["2026-03-09T06:30:00-07:00", fleetTier2, true], // Monday after spring-forward, PDT
    ["2026-03-09T13:30:00Z", fleetTier2, true], // 06:30 PDT (would be 05:30 under PST)
    ["2026-06-15T12:30:00+01:00", lunchBreakLondon, false], // lunch
    ["2026-06-15T13:00:00+01:00", lunchBreakLondon, true],
    ["2026-06-12T23:59:59+02:00", allDayBerlin, true], // Fri until 24:00
    ["2026-06-13T00:00:00+02:00", allDayBerlin, false],
  ])("%s", (at, cal, open) => expect(isOpenAt(t(at), cal)).toBe(open));
});

describe("nextOpening", () => {
  it.each<[string, BusinessCalendar, string]>([
    ["2026-06-12T10:00:00-07:00", fleetTier2, "2026-06-12T10:00:00-07:00"], // already open
    ["2026-06-12T20:00:00-07:00", fleetTier2, "2026-06-13T08:00:00-07:00"], // Fri close -> Sat
    ["2026-06-14T10:00:00-07:00", fleetTier2, "2026-06-15T06:00:00-07:00"], // Sun -> Mon
    ["2026-12-24T21:00:00-08:00", fleetTier2, "2026-12-26T08:00:00-08:00"], // skips Christmas
    ["2026-03-07T18:00:00-08:00", fleetTier2, "2026-03-09T06:00:00-07:00"], // across spring-forward
    ["2026-10-31T18:00:00-07:00", fleetTier2, "2026-11-02T06:00:00-08:00"], // across fall-back
    ["2026-06-15T12:15:00+01:00", lunchBreakLondon, "2026-06-15T13:00:00+01:00"],
    ["2026-06-16T09:00:00Z", mondaysOnly, "2026-06-22T09:00:00Z"], // six closed days in a row
  ])("%s", (at, cal, expected) => expect(nextOpening(t(at), cal)).toBe(t(expected)));

  it("throws when the calendar never opens", () => {
    expect(() => nextOpening(t("2026-06-15T00:00:00Z"), neverOpen)).toThrow(/no open hours/);
  });
});

describe("addSlaDuration with a calendar (minutes/hours count open time)", () => {
  it.each<[string, string, BusinessCalendar, string, string]>([
    ["Fri evening rolls to Sat", "2026-06-12T19:30:00-07:00", fleetTier2, "1h", "2026-06-13T08:30:00-07:00"],
    ["Sat afternoon rolls to Mon", "2026-06-13T16:30:00-07:00", fleetTier2, "1h", "2026-06-15T06:30:00-07:00"],
    ["Sunday event counts from Mon 06:00", "2026-06-14T11:00:00-07:00", fleetTier2, "30m", "2026-06-15T06:30:00-07:00"],
    ["deadline exactly at close stays at close", "2026-06-12T19:00:00-07:00", fleetTier2, "1h", "2026-06-12T20:00:00-07:00"],
    ["zero duration when closed = next opening", "2026-06-14T11:00:00-07:00", fleetTier2, "0m", "2026-06-15T06:00:00-07:00"],
    ["holiday Fri 2026-12-25 skipped", "2026-12-24T19:30:00-08:00", fleetTier2, "1h", "2026-12-26T08:30:00-08:00"],
    ["spring-forward weekend", "2026-03-07T16:30:00-08:00", fleetTier2, "2h", "2026-03-09T14:30:00Z"],
    ["fall-back weekend", "2026-10-31T16:30:00-07:00", fleetTier2, "2h", "2026-11-02T15:30:00Z"],
    ["long span over several days", "2026-06-12T19:00:00-07:00", fleetTier2, "30h", "2026-06-16T12:00:00-07:00"],
    ["lunch break skipped", "2026-06-15T11:30:00+01:00", lunchBreakLondon, "1h", "2026-06-15T13:30:00+01:00"],
    ["overnight then ends at a mid-day close", "2026-06-15T16:30:00+01:00", lunchBreakLondon, "3.5h", "2026-06-16T12:00:00+01:00"],
    ["24:00 close runs to midnight, weekend skipped", "2026-06-12T23:00:00+02:00", allDayBerlin, "2h", "2026-06-15T01:00:00+02:00"],
    ["consecutive closed days", "2026-06-16T10:00:00Z", mondaysOnly, "1h", "2026-06-22T10:00:00Z"],
    ["23-hour DST day on a 24/7 calendar", "2026-03-08T00:00:00-08:00", alwaysLA, "23h", "2026-03-09T00:00:00-07:00"],
    ["25-hour DST day on a 24/7 calendar", "2026-11-01T00:00:00-07:00", alwaysLA, "25h", "2026-11-02T00:00:00-08:00"],
  ])("%s", (_name, at, cal, d, expected) => {
    expect(iso(addSlaDuration(t(at), dur(d), cal))).toBe(iso(t(expected)));
  });
});

describe("addSlaDuration days/weeks with a calendar (wall-clock calendar days)", () => {
  it.each<[string, string, string]>([
    ["2026-03-07T10:00:00-08:00", "1d", "2026-03-08T10:00:00-07:00"], // only 23 h later
    ["2026-10-31T10:00:00-07:00", "1w", "2026-11-07T10:00:00-08:00"],
    ["2026-06-14T10:00:00-07:00", "1d", "2026-06-15T10:00:00-07:00"], // closed hours don't matter
  ])("%s + %s", (at, d, expected) => {
    expect(addSlaDuration(t(at), dur(d), fleetTier2)).toBe(t(expected));
  });
});

describe("addSlaDuration business days", () => {
  it.each<[string, string, BusinessCalendar, string, string]>([
    ["Wed + 3 -> Mon", "2026-06-10T10:00:00-07:00", officeLA, "3 business days", "2026-06-15T10:00:00-07:00"],
    ["across Christmas", "2026-12-23T10:00:00-08:00", officeLA, "3 business days", "2026-12-29T10:00:00-08:00"],
    ["across spring-forward keeps 10:00 local", "2026-03-04T10:00:00-08:00", officeLA, "3 business days", "2026-03-09T10:00:00-07:00"],
    ["outside hours starts from next opening", "2026-06-13T12:00:00-07:00", officeLA, "1 business day", "2026-06-16T09:00:00-07:00"],
    ["fractional: half a day of open time", "2026-06-10T10:00:00-07:00", officeLA, "1.5 business days", "2026-06-11T14:00:00-07:00"],
    ["fraction spills into the next day", "2026-06-10T15:00:00-07:00", officeLA, "0.5 business days", "2026-06-11T11:00:00-07:00"],
    ["Saturday is a business day on Tier 2", "2026-06-12T10:00:00-07:00", fleetTier2, "1 business day", "2026-06-13T10:00:00-07:00"],
    ["time after the target day's close clamps to close", "2026-06-12T19:00:00-07:00", fleetTier2, "1 business day", "2026-06-13T17:00:00-07:00"],
    ["time before the target day's opening moves to opening", "2026-06-08T06:30:00-07:00", fleetTier2, "5 business days", "2026-06-13T08:00:00-07:00"],
    ["mondays-only calendar", "2026-06-15T10:00:00Z", mondaysOnly, "2 business days", "2026-06-29T10:00:00Z"],
  ])("%s", (_name, at, cal, d, expected) => {
    expect(iso(addSlaDuration(t(at), dur(d), cal))).toBe(iso(t(expected)));
  });
});

describe("addSlaDuration 24/7 (cal null)", () => {
  it.each<[string, string, string]>([
    ["2026-06-12T10:00:00Z", "15m", "2026-06-12T10:15:00Z"],
    ["2026-06-12T10:00:00Z", "7.5m", "2026-06-12T10:07:30Z"],
    ["2026-06-12T23:00:00Z", "2h", "2026-06-13T01:00:00Z"],
    ["2026-03-07T10:00:00Z", "1d", "2026-03-08T10:00:00Z"],
    ["2026-06-12T10:00:00Z", "1w", "2026-06-19T10:00:00Z"],
    // business days fallback: skip Sat/Sun in UTC
    ["2026-06-12T10:00:00Z", "1 business day", "2026-06-15T10:00:00Z"],
    ["2026-06-10T10:00:00Z", "3 business days", "2026-06-15T10:00:00Z"],
    ["2026-06-13T10:00:00Z", "1 business day", "2026-06-16T00:00:00Z"],
  ])("%s + %s", (at, d, expected) => {
    expect(iso(addSlaDuration(t(at), dur(d), null))).toBe(iso(t(expected)));
  });

  it("15 min is exactly 900000 ms", () => {
    const at = t("2026-03-08T09:59:00Z");
    expect(addSlaDuration(at, dur("15 min"), null) - at).toBe(900_000);
  });
});

describe("openTimeBetween", () => {
  it.each<[string, string, BusinessCalendar | null, number]>([
    ["2026-06-12T19:30:00-07:00", "2026-06-13T08:30:00-07:00", fleetTier2, 60 * 60_000],
    ["2026-06-13T08:30:00-07:00", "2026-06-12T19:30:00-07:00", fleetTier2, 0], // b < a
    ["2026-06-12T19:30:00-07:00", "2026-06-13T08:30:00-07:00", null, 13 * 3_600_000],
    ["2026-03-08T00:00:00-08:00", "2026-03-09T00:00:00-07:00", alwaysLA, 23 * 3_600_000],
    ["2026-11-01T00:00:00-07:00", "2026-11-02T00:00:00-08:00", alwaysLA, 25 * 3_600_000],
    ["2026-06-15T00:00:00+01:00", "2026-06-16T00:00:00+01:00", lunchBreakLondon, 7 * 3_600_000],
    ["2026-06-15T00:00:00Z", "2026-06-20T00:00:00Z", neverOpen, 0], // never open: 0, no throw
  ])("%s .. %s", (a, b, cal, expected) => expect(openTimeBetween(t(a), t(b), cal)).toBe(expected));

  it("inverts addSlaDuration for minutes/hours over many starts", () => {
    const cals = [fleetTier2, officeLA, lunchBreakLondon, allDayBerlin, mondaysOnly, alwaysLA];
    const durations = ["1m", "45m", "2h", "13.5h", "40h"].map(dur);
    const base = t("2026-02-27T00:00:00Z"); // covers the March DST change within a few weeks
    for (const cal of cals) {
      for (let i = 0; i < 24; i++) {
        const at = base + i * 37 * 3_600_000 + i * 7 * 60_000; // varied times of day and weekdays
        for (const d of durations) {
          const end = addSlaDuration(at, d, cal);
          const ms = d.amount * (d.unit === "hours" ? 3_600_000 : 60_000);
          expect(openTimeBetween(at, end, cal), `${cal.zone} ${iso(at)} + ${d.amount} ${d.unit}`).toBe(ms);
          expect(end === at || isOpenAt(end - 1, cal)).toBe(true); // deadline never lands in closed time
        }
      }
    }
  });

  it("walks day by day (a year of open time is fast)", () => {
    const start = performance.now();
    const at = t("2026-01-05T09:00:00-08:00");
    const end = addSlaDuration(at, { amount: 2000, unit: "hours" }, officeLA);
    expect(openTimeBetween(at, end, officeLA)).toBe(2000 * 3_600_000);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("remembered local days agree with the zone at every instant", () => {
  // Local days are cached by UTC quarter hour; zones with :30 and :45 offsets and DST changes are
  // where a wrong key would put an instant on the wrong day.
  const zones = ["America/Los_Angeles", "Asia/Kathmandu", "Australia/Adelaide", "Europe/Berlin"];
  it.each(zones)("%s: open exactly when the local wall clock says so, across a DST change", (zone) => {
    const cal: BusinessCalendar = { zone, hours: { ...weekdays("00:00", "09:00"), sat: [{ start: "23:00", end: "24:00" }] }, holidays: [] };
    // Two weeks around each of the year's DST changes, every 7 minutes.
    for (const from of ["2026-03-23T00:00:00Z", "2026-10-19T00:00:00Z"]) {
      for (let at = t(from); at < t(from) + 14 * 86_400_000; at += 7 * 60_000) {
        const local = DateTime.fromMillis(at, { zone });
        const expected = (local.weekday <= 5 && local.hour < 9) || (local.weekday === 6 && local.hour === 23);
        if (isOpenAt(at, cal) !== expected) expect.fail(`${zone} ${local.toISO()}: expected ${expected ? "open" : "closed"}`);
      }
    }
  });
});
