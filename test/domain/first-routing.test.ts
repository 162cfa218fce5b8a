import { describe, expect, it } from "vitest";
import { routeByFirstRules } from "../../src/domain/first-routing.js";

describe("routeByFirstRules", () => {
  it.each([
    ["Possible data breach: customer exports look tampered", "security", "#security-alerts"],
    ["Driver reports unauthorized access to the admin portal", "security", "#security-alerts"],
    ["User can see another user's data in reports", "security", "#security-alerts"],
    ["User can see another user’s data in reports (curly quote)", "security", "#security-alerts"],
    ["Account compromised after password reuse", "security", "#security-alerts"],
    ["Photo uploads fail with 503", "general", "#fleet-support-tier2"],
    ["Breachwood depot GPS sync stalls", "general", "#fleet-support-tier2"],
    ["GPS not working for one vehicle", "general", "#fleet-support-tier2"],
  ])("%s → %s", (summary, category, channel) => {
    const route = routeByFirstRules({ summary });
    expect(route.category).toBe(category);
    expect(route.channel).toBe(channel);
    expect(route.reason).toMatch(category === "security" ? /^matched '/ : /no special rule/);
  });

  it("looks at impact and error messages too", () => {
    expect(routeByFirstRules({ summary: "Odd behaviour", impact: "a hacked account posted fake trips" }).category).toBe("security");
  });
});
