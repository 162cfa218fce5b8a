import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "../../src/domain/csv.js";
import { bucketsOf, matchesFilter } from "../../src/domain/dashboard-figures.js";

const LA = "America/Los_Angeles";
const at = (iso: string) => Date.parse(iso);

describe("csvCell", () => {
  it.each([
    ["Acme Corp", "Acme Corp"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1 555", "'+1 555"],
    ["-2", "'-2"],
    ["@here", "'@here"],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ["Sev 1 — 3 h", "Sev 1 — 3 h"],
  ])("%j → %s", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
  it("joins a line", () => expect(csvLine(["a", "=b", "c,d"])).toBe(`a,'=b,"c,d"`));
});

describe("bucketsOf", () => {
  it("cuts days at the zone's midnight, the first and last to the period", () => {
    const days = bucketsOf({ since: at("2026-01-15T16:00:00Z"), until: at("2026-01-17T20:00:00Z") }, "day", LA);
    expect(days.map((d) => [new Date(d.since).toISOString(), new Date(d.until).toISOString()])).toEqual([
      ["2026-01-15T16:00:00.000Z", "2026-01-16T08:00:00.000Z"],
      ["2026-01-16T08:00:00.000Z", "2026-01-17T08:00:00.000Z"],
      ["2026-01-17T08:00:00.000Z", "2026-01-17T20:00:00.000Z"],
    ]);
  });
  it("keeps days whole across a change of clocks (23 and 25 hours)", () => {
    const spring = bucketsOf({ since: at("2026-03-08T08:00:00Z"), until: at("2026-03-09T07:00:00Z") }, "day", LA);
    expect(spring).toHaveLength(1);
    expect(spring[0]!.until - spring[0]!.since).toBe(23 * 3_600_000);
  });
  it("starts weeks on Monday", () => {
    const weeks = bucketsOf({ since: at("2026-01-15T08:00:00Z"), until: at("2026-01-29T08:00:00Z") }, "week", LA);
    expect(weeks.map((w) => new Date(w.since).toISOString())).toEqual(["2026-01-15T08:00:00.000Z", "2026-01-19T08:00:00.000Z", "2026-01-26T08:00:00.000Z"]);
  });
});

describe("matchesFilter", () => {
  const esc = { severity: "sev1", tier: "enterprise", category: "security" };
  it.each([
    [{}, true],
    [{ severity: "sev1" }, true],
    [{ severity: "sev2" }, false],
    [{ tier: "enterprise", category: "security" }, true],
    [{ tier: "enterprise", category: "billing" }, false],
  ])("%j → %s", (filter, expected) => expect(matchesFilter(esc, filter)).toBe(expected));
});
