import { describe, expect, it } from "vitest";
import { addSlaDuration, isOpenAt, nextOpening, type BusinessCalendar } from "../../src/domain/business-calendar.js";
import { explainSlaDeadline } from "../../src/domain/calendar-explain.js";
import type { DurationUnit, SlaDuration } from "../../src/domain/sla-duration.js";
// Seeded (mulberry32), so a failure names the case that reproduces it.
import { prng as random } from "../support/payload-mutations.js";

/**
 * The explanation of a deadline walks the calendar itself; it must land where addSlaDuration does,
 * count exactly the duration in open time, and count only open time, for any opening time.
 */

const FLEET: BusinessCalendar = {
  zone: "America/Los_Angeles",
  hours: { mon: [{ start: "06:00", end: "20:00" }], tue: [{ start: "06:00", end: "20:00" }], wed: [{ start: "06:00", end: "20:00" }], thu: [{ start: "06:00", end: "20:00" }], fri: [{ start: "06:00", end: "20:00" }], sat: [{ start: "08:00", end: "17:00" }] },
  holidays: ["2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25", "2027-01-01"],
};
// A lunch break, a Sunday-only short day, a DST zone far from UTC, a holiday run.
const SPLIT: BusinessCalendar = {
  zone: "Europe/Berlin",
  hours: { mon: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "17:30" }], wed: [{ start: "00:00", end: "24:00" }], fri: [{ start: "02:00", end: "03:30" }], sun: [{ start: "10:00", end: "11:00" }] },
  holidays: ["2026-03-29", "2026-03-30", "2026-10-25", "2026-12-24", "2026-12-28", "2026-12-30"],
};
const CALENDARS: [string, BusinessCalendar | null][] = [["fleet", FLEET], ["split", SPLIT], ["24x7", null]];
const UNITS: DurationUnit[] = ["minutes", "hours", "days", "business_days", "weeks"];

const FROM = Date.parse("2026-01-01T00:00:00Z");
const SPAN = 2 * 365 * 86_400_000;

function amountFor(unit: DurationUnit, r: () => number): number {
  switch (unit) {
    case "minutes":
      return [0, 7.5, 15, 30, 45, 90, 600][Math.floor(r() * 7)]!;
    case "hours":
      return [0.5, 1, 2, 4, 8, 24, 72][Math.floor(r() * 7)]!;
    case "days":
      return [1, 1.5, 3][Math.floor(r() * 3)]!;
    case "business_days":
      return [0.5, 1, 1.5, 3, 5][Math.floor(r() * 5)]!;
    case "weeks":
      return [0.5, 1, 2][Math.floor(r() * 3)]!;
  }
}

describe("explainSlaDeadline agrees with addSlaDuration", () => {
  it("lands on the same instant for 3,000 random openings, durations and calendars (seeded)", () => {
    const r = random(20261224);
    for (let i = 0; i < 3000; i++) {
      // Half the openings on a quarter hour, half anywhere (to the millisecond).
      const raw = FROM + Math.floor(r() * SPAN);
      const at = r() < 0.5 ? raw - (raw % 900_000) : raw;
      const [name, cal] = CALENDARS[Math.floor(r() * CALENDARS.length)]!;
      const unit = UNITS[Math.floor(r() * UNITS.length)]!;
      const d: SlaDuration = { amount: amountFor(unit, r), unit };
      const explained = explainSlaDeadline(at, d, cal, { calendarName: name });
      const expected = addSlaDuration(at, d, cal);
      expect(explained.due, `case ${i}: ${new Date(at).toISOString()} + ${d.amount} ${d.unit} on ${name}`).toBe(expected);
      expect(explained.steps.at(-1)).toMatchObject({ kind: "land" });
      expect(explained.steps[0]).toMatchObject({ kind: "clock" });

      if (cal && (unit === "minutes" || unit === "hours")) {
        // Open time only: the counted periods add up to the duration, each inside open hours.
        const counted = explained.steps.filter((s) => s.kind === "count");
        const total = counted.reduce((sum, s) => sum + (s.to! - s.from!), 0);
        expect(total, `case ${i}`).toBe(Math.round(d.amount * (unit === "minutes" ? 60_000 : 3_600_000)));
        for (const s of counted) if (s.to! > s.from!) expect(isOpenAt(s.from!, cal), `case ${i}: ${s.text}`).toBe(true);
        // Counting starts at the next opening; an opening outside hours says so.
        const start = explained.steps.find((s) => s.kind === "start")!;
        expect(start.from).toBe(nextOpening(at, cal));
        expect(start.text).toContain(isOpenAt(at, cal) ? "inside open hours" : "outside open hours");
        // Every closed span between counted periods is named as skipped.
        const skips = explained.steps.filter((s) => s.kind === "skip");
        for (const s of skips) expect(isOpenAt(s.from!, cal), `case ${i}: ${s.text}`).toBe(false);
      }
    }
  });
});

describe("explainSlaDeadline's steps", () => {
  const at = Date.parse("2026-12-24T18:00:00-08:00"); // Christmas Eve, two hours before closing

  it("counts to closing, skips the evening, Christmas Day and Saturday's early hours, and lands on Saturday", () => {
    const e = explainSlaDeadline(at, { amount: 4, unit: "hours" }, FLEET, { calendarName: "tier2-hours" });
    expect(e.steps.map((s) => s.text)).toEqual([
      "4 h on the tier2-hours calendar: America/Los_Angeles, open mon–fri 06:00–20:00, sat 08:00–17:00; closed on 7 holidays",
      "opened Thu 2026-12-24 18:00 PST, inside open hours: counting starts at once",
      "counts Thu 2026-12-24 18:00 PST → Thu 2026-12-24 20:00 PST (closing): 2 h, 2 h left",
      "skips Thu 2026-12-24 20:00 PST → Sat 2026-12-26 08:00 PST: Thu 2026-12-24 after closing at 20:00; Fri 2026-12-25 is a holiday; Sat 2026-12-26 before opening at 08:00",
      "counts Sat 2026-12-26 08:00 PST → Sat 2026-12-26 10:00 PST: 2 h, the last of it",
      "due Sat 2026-12-26 10:00 PST",
    ]);
  });

  it("starts on Monday at 06:00 for an escalation opened on a Sunday, and says why", () => {
    const sunday = Date.parse("2026-12-27T10:00:00-08:00");
    const e = explainSlaDeadline(sunday, { amount: 4, unit: "hours" }, FLEET);
    expect(e.steps[1]!.text).toBe(
      "opened Sun 2026-12-27 10:00 PST, outside open hours (Sun 2026-12-27 closed all day (weekend); Mon 2026-12-28 before opening at 06:00): counting starts Mon 2026-12-28 06:00 PST",
    );
    expect(e.due).toBe(Date.parse("2026-12-28T10:00:00-08:00"));
  });

  it("names each business day and each day skipped", () => {
    const e = explainSlaDeadline(at, { amount: 3, unit: "business_days" }, FLEET);
    expect(e.steps.map((s) => s.text).slice(2, -1)).toEqual([
      "Fri 2026-12-25 skipped: holiday",
      "Sat 2026-12-26: business day 1 of 3",
      "Sun 2026-12-27 skipped: closed all day (weekend)",
      "Mon 2026-12-28: business day 2 of 3",
      "Tue 2026-12-29: business day 3 of 3",
    ]);
  });

  it("counts every hour on the 24/7 clock, in the zone asked for", () => {
    const e = explainSlaDeadline(at, { amount: 15, unit: "minutes" }, null, { displayZone: "America/Los_Angeles" });
    expect(e.steps.map((s) => s.text)).toEqual([
      "15 min on the 24/7 clock: every hour counts",
      "opened Thu 2026-12-24 18:00 PST: counting starts at once",
      "adds 15 min around the clock",
      "due Thu 2026-12-24 18:15 PST",
    ]);
  });

  it("refuses a negative duration as addSlaDuration does", () => {
    expect(() => explainSlaDeadline(at, { amount: -1, unit: "hours" }, FLEET)).toThrow(RangeError);
  });
});
