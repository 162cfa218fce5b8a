import { describe, expect, it } from "vitest";
import { ago, formatSlackDate, ordinal } from "../../../src/sandbox/render/slack-date.js";

const LA = "America/Los_Angeles";
const BERLIN = "Europe/Berlin";
const epoch = (iso: string): number => Date.parse(iso) / 1000;

/** Slack's documented example instant: 2014-02-18 14:39:42 UTC. */
const EXAMPLE = 1392734382;
/** 2014-02-18 20:00 UTC: noon in Los Angeles, 21:00 in Berlin, both on Tuesday the 18th. */
const NOW = Date.parse("2014-02-18T20:00:00Z");

describe("formatSlackDate tokens", () => {
  it.each<[string, string, string]>([
    ["{date_num}", "2014-02-18", "2014-02-18"],
    ["{date}", "February 18th, 2014", "February 18th, 2014"],
    ["{date_short}", "Feb 18, 2014", "Feb 18, 2014"],
    ["{date_long}", "Tuesday, February 18th, 2014", "Tuesday, February 18th, 2014"],
    ["{date_pretty}", "Today", "Today"],
    ["{date_short_pretty}", "Today", "Today"],
    ["{date_long_pretty}", "Today", "Today"],
    ["{time}", "6:39 AM", "3:39 PM"],
    ["{time_secs}", "6:39:42 AM", "3:39:42 PM"],
    ["{ago}", "5 hours ago", "5 hours ago"],
    ["Posted {date_short} at {time}!", "Posted Feb 18, 2014 at 6:39 AM!", "Posted Feb 18, 2014 at 3:39 PM!"],
    ["{unknown_token} {date", "{unknown_token} {date", "{unknown_token} {date"],
  ])("%s", (format, inLA, inBerlin) => {
    expect(formatSlackDate(EXAMPLE, format, { timeZone: LA, now: NOW })).toBe(inLA);
    expect(formatSlackDate(EXAMPLE, format, { timeZone: BERLIN, now: NOW })).toBe(inBerlin);
  });

  // 03:30 UTC on the 19th is still the evening of the 18th in Los Angeles, but the 19th in Berlin.
  const LATE = epoch("2014-02-19T03:30:00Z");
  it.each<[string, string, string]>([
    ["{date_num}", "2014-02-18", "2014-02-19"],
    ["{date}", "February 18th, 2014", "February 19th, 2014"],
    ["{date_short}", "Feb 18, 2014", "Feb 19, 2014"],
    ["{date_long}", "Tuesday, February 18th, 2014", "Wednesday, February 19th, 2014"],
    ["{date_pretty}", "Today", "Tomorrow"],
    ["{date_short_pretty}", "Today", "Tomorrow"],
    ["{date_long_pretty}", "Today", "Tomorrow"],
    ["{time}", "7:30 PM", "4:30 AM"],
    ["{time_secs}", "7:30:00 PM", "4:30:00 AM"],
    ["{ago}", "in 7 hours", "in 7 hours"],
  ])("zones disagree on the day: %s", (format, inLA, inBerlin) => {
    expect(formatSlackDate(LATE, format, { timeZone: LA, now: NOW })).toBe(inLA);
    expect(formatSlackDate(LATE, format, { timeZone: BERLIN, now: NOW })).toBe(inBerlin);
  });

  it("falls back to UTC for an unknown zone", () => {
    expect(formatSlackDate(EXAMPLE, "{date_num} {time}", { timeZone: "Not/AZone", now: NOW })).toBe("2014-02-18 2:39 PM");
  });
});

describe("pretty forms", () => {
  const at = (iso: string, format: string, timeZone = LA, now = NOW) => formatSlackDate(epoch(iso), format, { timeZone, now });

  it.each<[string, string, string]>([
    ["2014-02-17T12:00:00Z", "{date_pretty}", "Yesterday"],
    ["2014-02-17T12:00:00Z", "{date_short_pretty}", "Yesterday"],
    ["2014-02-17T12:00:00Z", "{date_long_pretty}", "Yesterday"],
    ["2014-02-19T20:00:00Z", "{date_pretty}", "Tomorrow"],
    ["2014-02-16T20:00:00Z", "{date_pretty}", "February 16th, 2014"],
    ["2014-02-16T20:00:00Z", "{date_short_pretty}", "Feb 16, 2014"],
    ["2014-02-16T20:00:00Z", "{date_long_pretty}", "Sunday, February 16th, 2014"],
    ["2014-02-20T20:00:00Z", "{date_short_pretty}", "Feb 20, 2014"],
    // 08:00 UTC on the 18th is midnight in LA: the very start of today.
    ["2014-02-18T08:00:00Z", "{date_pretty}", "Today"],
    ["2014-02-18T07:59:59Z", "{date_pretty}", "Yesterday"],
  ])("%s %s", (iso, format, expected) => {
    expect(at(iso, format)).toBe(expected);
  });

  it("is relative to the reader's zone, not UTC", () => {
    // Now is 23:30 in Berlin on the 18th but already the 19th in UTC+14 (Kiribati).
    const now = Date.parse("2014-02-18T22:30:00Z");
    expect(at("2014-02-18T22:00:00Z", "{date_pretty}", BERLIN, now)).toBe("Today");
    expect(at("2014-02-18T22:00:00Z", "{date_pretty}", "Pacific/Kiritimati", now)).toBe("Today");
    expect(at("2014-02-18T09:00:00Z", "{date_pretty}", "Pacific/Kiritimati", now)).toBe("Yesterday");
    expect(at("2014-02-18T09:00:00Z", "{date_pretty}", BERLIN, now)).toBe("Today");
  });
});

describe("daylight saving time", () => {
  it("renders the local clock on both sides of the spring-forward gap", () => {
    const ctx = { timeZone: LA, now: Date.parse("2024-03-10T20:00:00Z") };
    expect(formatSlackDate(epoch("2024-03-10T09:30:00Z"), "{date_num} {time}", ctx)).toBe("2024-03-10 1:30 AM");
    // One hour later in UTC is two hours later on the wall clock: 2:30 AM never happened.
    expect(formatSlackDate(epoch("2024-03-10T10:30:00Z"), "{date_num} {time}", ctx)).toBe("2024-03-10 3:30 AM");
    expect(formatSlackDate(epoch("2024-03-10T10:30:00Z"), "{date_long}", ctx)).toBe("Sunday, March 10th, 2024");
  });

  it("counts calendar days, not 24-hour spans, across the short day", () => {
    // 00:30 PST on the 10th and 00:30 PDT on the 11th are only 23 hours apart.
    const now = Date.parse("2024-03-11T07:30:00Z");
    const ctx = { timeZone: LA, now };
    expect(formatSlackDate(epoch("2024-03-10T08:30:00Z"), "{date_pretty}", ctx)).toBe("Yesterday");
    expect(formatSlackDate(epoch("2024-03-10T07:59:00Z"), "{date_pretty}", ctx)).toBe("March 9th, 2024");
    expect(formatSlackDate(epoch("2024-03-10T08:30:00Z"), "{ago}", ctx)).toBe("23 hours ago");
  });

  it("renders the repeated hour of fall-back in the right offset", () => {
    const ctx = { timeZone: LA, now: Date.parse("2024-11-03T20:00:00Z") };
    // 1:30 AM happens twice on 2024-11-03: first PDT (08:30 UTC), then PST (09:30 UTC).
    expect(formatSlackDate(epoch("2024-11-03T08:30:00Z"), "{time}", ctx)).toBe("1:30 AM");
    expect(formatSlackDate(epoch("2024-11-03T09:30:00Z"), "{time}", ctx)).toBe("1:30 AM");
    expect(formatSlackDate(epoch("2024-11-03T10:30:00Z"), "{time}", ctx)).toBe("2:30 AM");
  });
});

describe("ordinal", () => {
  it.each<[number, string]>([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [22, "22nd"],
    [23, "23rd"],
    [30, "30th"],
    [31, "31st"],
    [101, "101st"],
    [111, "111th"],
  ])("%d", (n, expected) => {
    expect(ordinal(n)).toBe(expected);
  });

  it.each<[number, string]>([
    [1, "February 1st, 2014"],
    [2, "February 2nd, 2014"],
    [3, "February 3rd, 2014"],
    [11, "February 11th, 2014"],
    [22, "February 22nd, 2014"],
    [23, "February 23rd, 2014"],
  ])("{date} on day %d", (day, expected) => {
    expect(formatSlackDate(Date.UTC(2014, 1, day, 12) / 1000, "{date}", { timeZone: "UTC", now: NOW })).toBe(expected);
  });
});

describe("ago", () => {
  it.each<[number, string]>([
    [0, "just now"],
    [-30_000, "just now"],
    [-60_000, "1 minute ago"],
    [-3 * 60_000, "3 minutes ago"],
    [-(3 * 60_000 + 59_000), "3 minutes ago"],
    [-3_600_000, "1 hour ago"],
    [2 * 3_600_000, "in 2 hours"],
    [-2 * 86_400_000, "2 days ago"],
    [7 * 86_400_000, "in 1 week"],
    [-45 * 86_400_000, "1 month ago"],
    [-400 * 86_400_000, "1 year ago"],
  ])("%d ms from now", (offset, expected) => {
    expect(ago(NOW + offset, NOW)).toBe(expected);
  });
});
