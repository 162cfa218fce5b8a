import { describe, expect, it } from "vitest";
import { formatElapsed } from "../../src/domain/duration.js";
import { formatEscalationId, parseEscalationId } from "../../src/domain/escalation-id.js";
import { truncate } from "../../src/domain/text.js";

describe("truncate", () => {
  it.each([
    ["short", 10, "short"],
    ["exactly10!", 10, "exactly10!"],
    ["longer than ten", 10, "longer th…"],
  ])("%s / %d", (input, max, out) => expect(truncate(input, max)).toBe(out));

  it("never splits an emoji", () => {
    const cut = truncate("ab😀cd", 4);
    expect(cut).toBe("ab…");
    expect(cut.length).toBeLessThanOrEqual(4);
  });
});

describe("escalation ids", () => {
  it.each([
    [1, "ESC-0001"],
    [42, "ESC-0042"],
    [12345, "ESC-12345"],
  ])("%d ↔ %s", (n, s) => {
    expect(formatEscalationId(n)).toBe(s);
    expect(parseEscalationId(s)).toBe(n);
  });
  it("rejects other text", () => {
    expect(parseEscalationId("ESC-")).toBeUndefined();
    expect(parseEscalationId("42")).toBeUndefined();
  });
});

describe("formatElapsed", () => {
  it.each([
    [30_000, "under a minute"],
    [12 * 60_000, "12 min"],
    [90 * 60_000, "1 h 30 min"],
    [3 * 3_600_000, "3 h"],
    [50 * 3_600_000, "2 d 2 h"],
  ])("%d ms → %s", (ms, s) => expect(formatElapsed(ms)).toBe(s));
});
