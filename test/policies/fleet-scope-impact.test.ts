import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * Fleet's severity definitions read from scope and impact, and the paraphrases' false friends: ordinary
 * wording that must not raise security, an outage or a Sev 1 (the case tables in cases/ hold the rest).
 */
const policy = shippedPolicy("fleet-management.yml");
const decided = (text: string, tier?: string) => decide({ text, tier }, policy, Date.parse("2026-04-15T17:00:00Z"));

describe("Fleet: no new false alarms from the paraphrases and the reading", () => {
  it.each([
    "API calls from an IP in their allowlist get 403 since Monday",
    "Trips show up on another day in the weekly report",
    "Dispatcher looked up their drivers' positions and the map froze",
    "The route was changed without them knowing",
    "Driver can view the trip without logging in again",
    "Not all customers are affected: only one driver can't log in",
    "Customer wants the notice sent to all users; one driver cannot log in",
  ])("%s → no security, no outage, not Sev 1", (text) => {
    const c = decided(text).classification;
    expect([c.category, ...c.alsoCategories]).not.toContain("security");
    expect([c.category, ...c.alsoCategories]).not.toContain("outage");
    expect(c.severity).not.toBe("sev1");
  });
});

describe("Fleet: severity by the playbook's definitions", () => {
  it.each([
    ["Nothing loads for anyone, calls from every fleet", "sev1", "Production system down"],
    ["Acme, Globex and 20 more chats: the app won't load, nobody can log in", "sev1", "Production system down"],
    ["Acme Corp photo uploads fail with 503 for all drivers", "sev2", "Major feature not working"],
    ["Live map painfully slow for all their dispatchers", "sev2", "Performance severely degraded"],
    ["GPS dot freezes on the map for 2 drivers; workaround: re-login", "sev3", "Workaround available"],
    ["Cosmetic: the sync icon is misaligned on iPhone SE", "sev4", "Cosmetic issues"],
    ["Customer asks how to add a second dispatcher login", "sev4", "Questions/clarifications"],
  ])("%s → %s (“%s”)", (text, severity, quote) => {
    const d = decided(text);
    expect(d.classification.severity).toBe(severity);
    expect(d.classification.reasons.join("\n")).toContain(`“${quote}”`);
  });

  it("a single enterprise customer unable to use the app is Sev 2 by its own line; a standard one by 'Major functionality broken'", () => {
    const text = "Nobody in their org gets past the spinner after login. Other customers are fine.";
    expect(decided(text, "enterprise").classification.reasons.join("\n")).toContain("“Single enterprise customer unable to use app”");
    expect(decided(text, "standard").classification.reasons.join("\n")).toContain("“High - Major functionality broken”");
    expect(decided(text, "standard").classification.severity).toBe("sev2");
  });
});
