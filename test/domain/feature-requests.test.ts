import { describe, expect, it } from "vitest";
import { normaliseCustomer } from "../../src/domain/customer-name.js";
import { tallyFeatureRequest, tallyReason, type FeatureRequest, type ToldGroup } from "../../src/domain/feature-requests.js";
import { describeMatch, significantTerms, stem } from "../../src/domain/feature-terms.js";
import type { FeatureRequestsSpec } from "../../src/domain/playbook/model.js";

const SPEC: FeatureRequestsSpec = { categories: ["feature-request"], customers: 5, within: { amount: 90, unit: "days" }, notify: ["product-manager"], channels: [], ignoreWords: ["app"] };
let nextId = 1;
const request = (customer: string, summary: string): FeatureRequest => ({ id: nextId++, customer, customerKey: normaliseCustomer(customer), summary, createdAt: 0 });
const stems = (text: string) => significantTerms(text, SPEC.ignoreWords).map((t) => t.stem);

/** Whether two wordings share a key: told together when enough customers write them. */
function sameFeature(a: string, b: string): boolean {
  const pool = [request("Pool Co", a), ...["B", "C", "D"].map((c) => request(`${c} Ltd`, a))];
  return tallyFeatureRequest(SPEC, request("Fresh Inc", b), pool, []).kind === "tell";
}

describe("significant terms", () => {
  it.each([
    ["exports", "export"], ["exported", "export"], ["exporting", "export"], ["schedule", "schedul"], ["scheduled", "schedul"], ["scheduling", "schedul"],
    ["reports", "report"], ["reporting", "report"], ["maps", "map"], ["mapping", "map"], ["billing", "bill"], ["batteries", "battery"], ["status", "status"],
  ])("%s → %s", (word, expected) => expect(stem(word)).toBe(expected));

  it.each([
    ["The customer would like to be able to export all trips to CSV, please", ["export", "trip", "csv"]],
    ["Can we download reports as a CSV file?", ["export", "report", "csv", "file"]],
    ["Bulk CSV export for the app", ["bulk", "csv", "export"]],
    ["Batch exporting of invoices", ["bulk", "export", "invoic"]],
    ["SAML single sign-on with Okta", ["#SSO", "okta"]],
    ["2FA for dispatchers", ["#two-factor authentication", "dispatcher"]],
    ["A night mode, like the competitor's dark theme", ["#dark mode", "competitor"]],
  ])("%s → %j", (text, expected) => expect(stems(text)).toEqual(expected));

  it("shows adjacent matched terms as one phrase, acronyms as written", () => {
    const terms = significantTerms("Bulk export of trips to CSV", []);
    expect(describeMatch(terms, new Set(["bulk", "export", "csv"]))).toEqual(["bulk export", "CSV"]);
  });
});

describe("the same feature, worded differently, groups", () => {
  it.each([
    ["Customer wants to export all trip history to CSV", "Bulk CSV export of vehicle data please"],
    ["Customer wants to export all trip history to CSV", "Can we download reports as a CSV file?"],
    ["Exporting driver logs into .csv for payroll", "Would love a CSV export option for fuel reports"],
    ["Please add SAML single sign-on", "SSO via Azure AD would help their IT team"],
    ["Dark theme for the driver app", "Night mode for drivers who work at night"],
    ["Two-factor authentication for admin logins", "They need MFA before their security review"],
    ["Geofence alerts by email when a truck leaves the yard", "Email notification when a vehicle exits a geofence"],
    ["Recurring maintenance reminders per vehicle", "Remind us when maintenance is due, recurring by mileage"],
    ["Export invoices to Excel", "Download our invoices as xlsx"],
  ])("%s ≈ %s", (a, b) => expect(sameFeature(a, b)).toBe(true));
});

describe("different features sharing a common word do not group", () => {
  it.each([
    ["Schedule weekly fuel reports by email", "Custom report builder with drag and drop"],
    ["Export the mileage report to PDF", "Add a driver safety score report"],
    ["Report on idle time per vehicle", "Custom report builder with drag and drop"],
    ["Bulk CSV export of trips", "Export the mileage report to PDF"],
    ["Dark mode for the driver app", "Offline mode for drivers in tunnels"],
    ["SSO via Okta", "Okta user provisioning (SCIM)"],
    ["Email notification when a vehicle exits a geofence", "Email the invoice to the finance team"],
  ])("%s ≠ %s", (a, b) => expect(sameFeature(a, b)).toBe(false));
});

describe("the tally", () => {
  const csv = [
    request("Acme Corp", "Customer wants to export all trip history to CSV"),
    request("Globex", "Bulk CSV export of vehicle data please"),
    request("Initech", "Can we download reports as a CSV file?"),
    request("ACME Corporation", "CSV export of inspections too"), // Acme again: one customer
    request("Umbrella", "Exporting driver logs into .csv for payroll"),
  ];
  const others = [request("Hooli", "Custom report builder with drag and drop"), request("Stark", "Schedule weekly fuel reports by email")];

  it("four customers are not enough; the fifth tells, with the list and what matched", () => {
    const fifth = request("Wayne Enterprises", "Would love a bulk CSV export option for fuel reports");
    expect(tallyFeatureRequest(SPEC, fifth, [...csv.slice(0, 4), ...others], []).kind).toBe("none");
    const decision = tallyFeatureRequest(SPEC, fifth, [...csv, ...others], []);
    expect(decision).toMatchObject({ kind: "tell", key: ["csv", "export"], matched: ["CSV export"], customers: 5 });
    if (decision.kind !== "tell") throw new Error("told");
    expect(decision.members.map((m) => m.customer)).toEqual(["Acme Corp", "Globex", "Initech", "ACME Corporation", "Umbrella", "Wayne Enterprises"]);
    expect(tallyReason(SPEC, decision)).toBe("feature request tally: 5 customers asked for this within 90 days (matched on: CSV export): the product team is told");
  });

  it("says every word all of them share, not only the key", () => {
    const bulk = ["Acme", "Globex", "Initech", "Umbrella"].map((c) => request(c, "Bulk export to CSV of everything"));
    const decision = tallyFeatureRequest(SPEC, request("Wayne", "We need bulk export of trips, CSV"), bulk, []);
    expect(decision).toMatchObject({ kind: "tell", matched: ["bulk export", "CSV"] });
  });

  it("a request for a group already told joins it and is not told again", () => {
    const told: ToldGroup = { escalationId: 6, at: 0, key: ["csv", "export"], members: csv.map((r) => r.id) };
    const sixth = request("Cyberdyne", "Export to CSV for the auditors");
    expect(tallyFeatureRequest(SPEC, sixth, csv, [told])).toMatchObject({ kind: "joins", told, matched: ["export CSV"] });
  });

  it("a group mostly told already under another key is the same group", () => {
    const told: ToldGroup = { escalationId: 6, at: 0, key: ["csv", "export"], members: csv.map((r) => r.id) };
    const pool = csv.map((r) => ({ ...r, summary: `${r.summary} in bulk` }));
    const decision = tallyFeatureRequest(SPEC, request("Cyberdyne", "Bulk download of all trips"), pool, [told]);
    expect(decision.kind).toBe("joins");
  });

  it("one customer asking five times is one customer", () => {
    const acme = ["Acme Corp", "ACME Corporation", "acme corp", "Acme, Inc."].map((c) => request(c, "CSV export of trips"));
    expect(tallyFeatureRequest(SPEC, request("Acme", "CSV export of trips"), acme, []).kind).toBe("none");
  });
});
