import { describe, expect, it } from "vitest";
import { readScopeAndImpact, readingMeets, type ReadingSpec } from "../../src/domain/reading.js";

const FLEET: ReadingSpec = { customersField: "customers_affected", customerWords: ["fleet"], userWords: ["driver", "dispatcher", "vehicle", "truck", "van"], fewUsers: 5 };
const read = (text: string, fields?: Record<string, unknown>) => readScopeAndImpact(text, FLEET, fields);

describe("reading scope and impact", () => {
  it.each([
    // who is affected
    ["Nothing loads for anyone since 06:10", ["everyone"], ["unusable"]],
    ["Calls from every fleet since this morning: the app is down", ["everyone"], ["unusable"]],
    ["Acme Corp photo uploads fail with 503 for all drivers", ["customer"], ["major"]],
    ["nobody in their org gets past the spinner after login. Other customers are fine.", ["customer"], ["unusable"]],
    ["none of their drivers can sign in since this morning. Other fleets are OK.", ["customer"], ["unusable"]],
    ["It still works, just painfully slow, for all 30 of their dispatchers", ["customer", "users"], ["degraded", "slow", "workaround"]],
    ["Reset password email is slow for a couple of Initech drivers", ["few-users"], ["slow"]],
    ["One Vandelay dispatcher on iPad: the Export button does nothing", ["one-user"], ["major"]],
    ["Uploads still fail for 10 drivers, no workaround", ["users"], ["major"]],
    // how badly, negation honoured
    ["Not an outage, app works fine - the sync icon is misaligned", [], ["cosmetic"]],
    ["The API is not down; a workaround is available", [], ["workaround"]],
    ["Customer asks how to add a dispatcher login", ["one-user"], ["question"]],
    ["Uploads have worked since 3 PM yesterday", [], ["resolved"]],
    ["Not all customers are affected: only Acme's drivers can't log in", [], ["unusable"]],
    // everyone at one customer is that customer's users; "at once", "at the moment" are times
    ["Everyone at Acme can't log in since their SSO certificate expired", ["customer"], ["unusable"]],
    ["Nobody loads boards - anyone on their team gets a blank page", ["customer"], []],
    ["Everybody in the company is locked out", ["customer"], ["unusable"]],
    ["Nothing loads for anyone at the moment", ["everyone"], ["unusable"]],
    ["Everyone at once got logged out and nobody can log in", ["everyone"], ["unusable"]],
    // "to all users" is who a notice goes to, not who is affected
    ["Driver cannot log in; the customer asks us to send the notice to all users", [], ["unusable"]],
  ])("%s → scope %j, impact %j", (text, scope, impact) => {
    const r = read(text);
    expect(r.scope).toEqual(scope);
    expect([...r.impact].sort()).toEqual([...impact].sort());
  });

  it.each([
    ["Acme, Globex and 20 more chats say the app won't load", 22],
    ["12 fleets have called so far", 12],
    ["Same complaint from two customers this week", 2],
    ["tickets from three different customers", 3],
    ["Acme and Globex both report the import failing", 2],
    ["App crashes - Acme, Globex and Initech all reported it today", 3],
    ["Other customers report the same GPS drift", 2],
    ["Affects multiple customers (at least 10 drivers at Acme Corp)", 2],
    ["It also affects other customers", 2],
    ["More than one customer reports it", 2],
    // people at a list of named customers
    ["Since 10:15 nobody at Acme, Globex or Initech can log in", 3],
    ["Users at Hooli and Pied Piper see the same 500", 2],
  ])("counts the customers in %j: %i", (text, n) => {
    expect(read(text).customers).toBe(n);
    expect(read(text).scope).toContain("customers");
  });

  it("counts the form's customers too, and keeps the text's own count apart", () => {
    const r = read("Sync trouble: trips never reach the dashboard.", { customers_affected: 4 });
    expect(r.customers).toBe(4);
    expect(r.textCustomers).toBeUndefined();
    expect(readingMeets(r, { customersAtLeast: 2 })).toBe(true);
    expect(readingMeets(r, { textCustomersAtLeast: 2 })).toBe(false);
  });

  it("nobody at a list of customers can log in: unusable", () => {
    expect(read("Since 10:15 nobody at Acme, Globex or Initech can log in to the web app").impact).toContain("unusable");
    expect(read("Nobody at Acme or Globex could sign in this morning").impact).toContain("unusable");
  });

  it("everyone at one named customer is that customer's users, not every customer", () => {
    expect(read("Search takes a minute for every user at Stark").scope).toEqual(["customer"]);
    expect(read("The app is down for everyone at Globex").scope).toEqual(["customer"]);
    expect(read("The app is down for everyone at the moment").scope).toEqual(["everyone"]);
    expect(read("Not everyone at Globex is affected").scope).not.toContain("everyone");
    expect(read("All users at Initech get a 500 since the deploy").scope).toEqual(["customer"]);
    expect(read("Dashboards are slow for all users at once after the deploy").scope).toEqual(["everyone"]);
  });

  it("one named customer is one customer; 'Tier 2 and Tier 3' are not customers", () => {
    expect(read("Acme Corp photo uploads fail").customers).toBeUndefined();
    expect(read("Escalated to Tier 2 and Tier 3 told").customers).toBeUndefined();
    expect(read("Not two customers: only Acme").customers).toBeUndefined();
  });

  it("meets a condition only when every list given holds and no unless list does", () => {
    const r = read("Uploads fail for all drivers; a workaround is available");
    expect(readingMeets(r, { impact: ["major"], scope: ["customer"] })).toBe(true);
    expect(readingMeets(r, { impact: ["major"], unlessImpact: ["workaround"] })).toBe(false);
    expect(readingMeets(r, { scope: ["everyone"] })).toBe(false);
    expect(readingMeets(r, { impact: ["major"], unlessScope: ["one-user"] })).toBe(true);
  });
});
