import { describe, expect, it } from "vitest";
import { normaliseCustomer } from "../../src/domain/customer-name.js";
import type { RepeatsSpec } from "../../src/domain/playbook/model.js";
import { decideRepeat, ordinal, repeatReason, type EarlierEscalation } from "../../src/domain/repeat-escalations.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-03-10T12:00:00Z");
const SPEC: RepeatsSpec = { count: 3, within: { amount: 30, unit: "days" }, notify: ["customer-success"], flags: [] };
const earlier = (id: number, daysAgo: number, over: Partial<EarlierEscalation> = {}): EarlierEscalation => ({
  id,
  createdAt: NOW - daysAgo * DAY,
  restricted: false,
  channel: "#fleet-support-tier2",
  ...over,
});
const open = { restricted: false, channel: "#fleet-support-tier2" };

describe("the repeat rule: the same customer N times in D days", () => {
  it.each([
    ["the first escalation", [], undefined],
    ["the second within the window", [earlier(1, 5)], undefined],
    ["the third within the window", [earlier(1, 20), earlier(2, 3)], { nth: 3, earlier: [2, 1] }],
    ["the third, the first exactly 30 days ago (the window's start counts)", [earlier(1, 30), earlier(2, 3)], { nth: 3, earlier: [2, 1] }],
    ["the third, the first 30 days and a minute ago (outside)", [earlier(1, 30 + 1 / 1440), earlier(2, 3)], undefined],
    ["the fourth", [earlier(1, 29), earlier(2, 10), earlier(3, 1)], { nth: 4, earlier: [3, 2, 1] }],
    ["two earlier ones opened in the same instant: newest id first", [earlier(1, 2), earlier(2, 2)], { nth: 3, earlier: [2, 1] }],
    ["an escalation opened later than now is not earlier", [earlier(1, 2), earlier(2, -1)], undefined],
    ["an earlier restricted one does not count toward an ordinary one", [earlier(1, 2, { restricted: true, channel: "#security-alerts" }), earlier(2, 1)], undefined],
  ])("%s", (_, list, expected) => {
    const mark = decideRepeat(SPEC, NOW, open, list);
    if (expected === undefined) expect(mark).toBeUndefined();
    else expect(mark).toEqual({ ...expected, atLeast: false, within: "30 days" });
  });

  it("a restricted escalation counts the ordinary ones and the restricted ones of its own channel only", () => {
    const restricted = { restricted: true, channel: "#security-alerts" };
    const list = [earlier(1, 2), earlier(2, 3, { restricted: true, channel: "#security-alerts" }), earlier(3, 4, { restricted: true, channel: "#legal" })];
    expect(decideRepeat(SPEC, NOW, restricted, list)).toMatchObject({ nth: 3, earlier: [1, 2] });
  });

  it("lists at most ten earlier escalations, and says 'at least' when not all were read", () => {
    const many = Array.from({ length: 14 }, (_, i) => earlier(i + 1, i + 1));
    const mark = decideRepeat(SPEC, NOW, open, many, false)!;
    expect(mark.nth).toBe(15);
    expect(mark.earlier).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(repeatReason(mark, "Acme Corp")).toMatch(/^repeat: at least the 15th escalation for Acme Corp in 30 days/);
  });

  it("a window in weeks or hours counts calendar time", () => {
    const weeks: RepeatsSpec = { ...SPEC, count: 2, within: { amount: 1, unit: "weeks" } };
    expect(decideRepeat(weeks, NOW, open, [earlier(1, 6.9)])).toMatchObject({ nth: 2, within: "1 week" });
    expect(decideRepeat(weeks, NOW, open, [earlier(1, 7.1)])).toBeUndefined();
  });

  it("says the rule, the count and the earlier ids", () => {
    const mark = decideRepeat(SPEC, NOW, open, [earlier(7, 20), earlier(12, 3)])!;
    expect(repeatReason(mark, "Acme Corp")).toBe(
      "repeat: 3rd escalation for Acme Corp in 30 days (after ESC-0012, ESC-0007) — customers matched by name ignoring case, punctuation and suffixes like Corp/Inc",
    );
  });

  it.each([
    [1, "1st"], [2, "2nd"], [3, "3rd"], [4, "4th"], [11, "11th"], [12, "12th"], [13, "13th"], [21, "21st"], [22, "22nd"], [101, "101st"], [111, "111th"],
  ])("ordinal %i → %s", (n, text) => expect(ordinal(n)).toBe(text));

  it.each([
    ["Acme Corp.", "ACME Corporation", true],
    ["acme corp", "Acme, Inc.", true],
    ["Acme", "Acme Logistics", false],
    ["Globex GmbH", "globex", true],
  ])("%s and %s are one customer: %s", (a, b, same) => expect(normaliseCustomer(a) === normaliseCustomer(b)).toBe(same));
});
