import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { describeSchedule, latestReviewAt, nextReviewAfter, reviewPeriod, reviewsBetween } from "../../src/domain/review-schedule.js";

const LA = "America/Los_Angeles";
const monday9 = { day: "mon" as const, at: "09:00" };
const at = (iso: string, zone = LA) => DateTime.fromISO(iso, { zone }).toMillis();
const local = (ms: number, zone = LA) => DateTime.fromMillis(ms, { zone }).toFormat("ccc yyyy-LL-dd HH:mm ZZ");

describe("the weekly review's schedule (Monday 09:00 in the playbook's zone)", () => {
  it.each([
    // [now (local), the latest Monday 09:00 at or before it, the next one after it]
    ["2026-01-15T08:00", "Mon 2026-01-12 09:00 -08:00", "Mon 2026-01-19 09:00 -08:00"],
    ["2026-01-19T08:59", "Mon 2026-01-12 09:00 -08:00", "Mon 2026-01-19 09:00 -08:00"],
    ["2026-01-19T09:00", "Mon 2026-01-19 09:00 -08:00", "Mon 2026-01-26 09:00 -08:00"],
    ["2026-01-18T23:00", "Mon 2026-01-12 09:00 -08:00", "Mon 2026-01-19 09:00 -08:00"],
    // Clocks go forward on Sunday 8 March 2026: the next Monday is still 09:00 local (-07:00).
    ["2026-03-07T12:00", "Mon 2026-03-02 09:00 -08:00", "Mon 2026-03-09 09:00 -07:00"],
    // ... and back on Sunday 1 November 2026.
    ["2026-10-31T12:00", "Mon 2026-10-26 09:00 -07:00", "Mon 2026-11-02 09:00 -08:00"],
  ])("at %s the latest is %s and the next %s", (now, latest, next) => {
    expect(local(latestReviewAt(monday9, LA, at(now)))).toBe(latest);
    expect(local(nextReviewAfter(monday9, LA, at(now)))).toBe(next);
  });

  it("a week across a daylight-saving change is 7 local days: 167 hours in spring, 169 in autumn", () => {
    const spring = reviewPeriod(monday9, LA, at("2026-03-09T09:00"));
    expect(local(spring.since)).toBe("Mon 2026-03-02 09:00 -08:00");
    expect((spring.until - spring.since) / 3_600_000).toBe(167);
    const autumn = reviewPeriod(monday9, LA, at("2026-11-02T09:00"));
    expect((autumn.until - autumn.since) / 3_600_000).toBe(169);
  });

  it("consecutive weeks tile time: one week's end is the next one's start", () => {
    const first = reviewPeriod(monday9, LA, at("2026-01-19T09:00"));
    const second = reviewPeriod(monday9, LA, at("2026-01-26T09:00"));
    expect(second.since).toBe(first.until);
  });

  it("missed weeks: how many scheduled times fall after the last review, up to now", () => {
    const last = at("2026-01-05T09:00");
    expect(reviewsBetween(monday9, LA, last, at("2026-01-12T08:59"))).toBe(0);
    expect(reviewsBetween(monday9, LA, last, at("2026-01-12T09:00"))).toBe(1);
    // Down from 5 January to 2 February: four Mondays passed (12, 19, 26 January, 2 February).
    expect(reviewsBetween(monday9, LA, last, at("2026-02-02T10:00"))).toBe(4);
    expect(reviewsBetween(monday9, LA, last, at("2036-02-02T10:00"), 10)).toBe(10);
  });

  it("another day and zone: Friday 16:30 in Berlin, across Berlin's own change (29 March 2026)", () => {
    const fri = { day: "fri" as const, at: "16:30" };
    const berlin = "Europe/Berlin";
    expect(local(latestReviewAt(fri, berlin, at("2026-03-30T12:00", berlin)), berlin)).toBe("Fri 2026-03-27 16:30 +01:00");
    expect(local(nextReviewAfter(fri, berlin, at("2026-03-30T12:00", berlin)), berlin)).toBe("Fri 2026-04-03 16:30 +02:00");
    expect(describeSchedule(fri)).toBe("Friday 16:30");
  });
});
