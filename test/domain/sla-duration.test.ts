import { describe, expect, it } from "vitest";
import {
  formatSlaDuration,
  parseSlaDuration,
  scaleSlaDuration,
  type SlaDuration,
} from "../../src/domain/sla-duration.js";

describe("parseSlaDuration", () => {
  it.each<[string, SlaDuration]>([
    ["15m", { amount: 15, unit: "minutes" }],
    ["15 min", { amount: 15, unit: "minutes" }],
    ["15 minutes", { amount: 15, unit: "minutes" }],
    ["  15   MINUTES ", { amount: 15, unit: "minutes" }],
    ["0m", { amount: 0, unit: "minutes" }],
    ["2h", { amount: 2, unit: "hours" }],
    ["2 hours", { amount: 2, unit: "hours" }],
    ["1.5h", { amount: 1.5, unit: "hours" }],
    ["24h", { amount: 24, unit: "hours" }],
    ["1d", { amount: 1, unit: "days" }],
    ["1 day", { amount: 1, unit: "days" }],
    ["3 business days", { amount: 3, unit: "business_days" }],
    ["5 business day", { amount: 5, unit: "business_days" }],
    ["3 Business  Days", { amount: 3, unit: "business_days" }],
    ["1w", { amount: 1, unit: "weeks" }],
    ["1 week", { amount: 1, unit: "weeks" }],
  ])("%j", (text, expected) => {
    expect(parseSlaDuration(text)).toEqual(expected);
  });

  it.each(["", "   ", "soon", "-1h", "+1h", "h", "15", "15 parsecs", "1.h", "1h30m", "business days 3"])(
    "rejects %j",
    (text) => {
      expect(parseSlaDuration(text)).toBeUndefined();
    },
  );
});

describe("formatSlaDuration", () => {
  it.each<[SlaDuration, string]>([
    [{ amount: 15, unit: "minutes" }, "15 min"],
    [{ amount: 7.5, unit: "minutes" }, "7.5 min"],
    [{ amount: 2, unit: "hours" }, "2 h"],
    [{ amount: 1, unit: "days" }, "1 day"],
    [{ amount: 2, unit: "days" }, "2 days"],
    [{ amount: 1, unit: "business_days" }, "1 business day"],
    [{ amount: 3, unit: "business_days" }, "3 business days"],
    [{ amount: 1, unit: "weeks" }, "1 week"],
    [{ amount: 0.1 * 3, unit: "hours" }, "0.3 h"],
  ])("%j -> %s", (d, text) => {
    expect(formatSlaDuration(d)).toBe(text);
    expect(parseSlaDuration(text)).toEqual({ amount: Number(text.split(" ")[0]), unit: d.unit });
  });
});

describe("scaleSlaDuration", () => {
  it.each<[string, number, SlaDuration, string]>([
    ["4h", 2, { amount: 8, unit: "hours" }, "8 h"], // Trial
    ["15m", 0.5, { amount: 7.5, unit: "minutes" }, "7.5 min"], // Enterprise
    ["3 business days", 0.5, { amount: 1.5, unit: "business_days" }, "1.5 business days"],
    ["1d", 2, { amount: 2, unit: "days" }, "2 days"],
    ["1d", 0.5, { amount: 12, unit: "hours" }, "12 h"],
    ["3d", 0.5, { amount: 36, unit: "hours" }, "36 h"],
    ["1w", 2, { amount: 2, unit: "weeks" }, "2 weeks"],
    ["1w", 0.5, { amount: 84, unit: "hours" }, "84 h"],
    ["2h", 1, { amount: 2, unit: "hours" }, "2 h"],
  ])("%s x %d", (text, factor, expected, formatted) => {
    const scaled = scaleSlaDuration(parseSlaDuration(text)!, factor);
    expect(scaled).toEqual(expected);
    expect(formatSlaDuration(scaled)).toBe(formatted);
  });

  it("rejects negative or non-finite factors", () => {
    expect(() => scaleSlaDuration({ amount: 1, unit: "hours" }, -1)).toThrow();
    expect(() => scaleSlaDuration({ amount: 1, unit: "hours" }, Number.NaN)).toThrow();
  });
});

describe("resolutionWarnAt", () => {
  it("counts the share on the escalation's clock: business hours, not the nights between", async () => {
    const { resolutionWarnAt } = await import("../../src/domain/clocks.js");
    const day = [{ start: "09:00", end: "18:00" }];
    const cal = { zone: "America/New_York", hours: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: [] };
    // Wednesday 10:00 EDT, a 24 business-hour target: due Friday 16:00; 75 % = 18 business hours in = Friday 10:00.
    const opened = Date.parse("2026-04-15T14:00:00Z");
    const due = Date.parse("2026-04-17T20:00:00Z");
    expect(new Date(resolutionWarnAt(opened, due, 0.75, cal)).toISOString()).toBe("2026-04-17T14:00:00.000Z");
    expect(resolutionWarnAt(opened, due, 0.75, null)).toBe(opened + Math.floor((due - opened) * 0.75));
  });
});
