import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CHANNELS, type RecordedCall } from "../support/test-slack.js";
import { manager } from "../support/actors.js";
import { allRows } from "../support/db.js";
import { escalationSubmission, startHarness, type EscalationFields, type Harness } from "../support/harness.js";

/**
 * Repeat escalations and the feature-request tally through the real app over signed HTTP against
 * the emulator, on the default playbook (Fleet: 3 in 30 days tells Customer Success; 5 customers
 * asking for one feature tell the Product Manager once).
 */

const DAY = 86_400_000;
const CSM = "U0CSM";
const PRODUCT = "U0PM";
let h: Harness;

afterEach(async () => {
  await h?.stop();
});

async function start(): Promise<void> {
  h = await startHarness({
    fake: {
      users: [
        { id: CSM, email: "success@fleetmanagement.com" },
        { id: PRODUCT, email: "product@fleetmanagement.com" },
      ],
    },
  });
}

/** Opens escalation `n` through the form and waits for its post. */
async function open(n: number, fields: EscalationFields): Promise<RecordedCall> {
  const reply = await h.slack.interaction(escalationSubmission({ tier: "standard", severity: "sev3", impact: "", ...fields }));
  expect(reply.status).toBe(200);
  const id = `ESC-${String(n).padStart(4, "0")}`;
  return h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith(id));
}

const dmsTo = (user: string, what: string) => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === `D${user}` && JSON.stringify(c.args).includes(what));
const blocksOf = (c: RecordedCall | undefined) => JSON.stringify(c?.args.blocks ?? []);
const latestRender = (post: RecordedCall) => h.fake.callsTo("chat.update").filter((c) => c.args.ts === post.response?.ts).at(-1);

describe("repeat escalations", { timeout: 60_000 }, () => {
  it("the third escalation of one customer within 30 days is marked on its post with links, and Customer Success gets one DM", async () => {
    await start();
    await open(1, { customer: "Acme Corp.", summary: "Photo uploads time out" });
    h.clock.advance(10 * DAY);
    await open(2, { customer: "ACME Corporation", summary: "GPS positions lag by minutes" });
    h.clock.advance(10 * DAY);
    const third = await open(3, { customer: "acme corp", summary: "Sync fails after the update" });
    await h.bot.deliverer.drain();

    // The post says it, with links to the earlier threads and the rule, and its "Why" says so too.
    const post = blocksOf(latestRender(third) ?? third);
    expect(post).toContain("*Repeat:* 3rd escalation for acme corp in 30 days — earlier: <https://");
    expect(post).toMatch(/\|ESC-0002>, <https:[^|]+\|ESC-0001>/);
    expect(post).toContain("customers matched by name ignoring case, punctuation and suffixes like Corp/Inc");
    expect(post).toContain("Why: ");
    expect(post).toContain("repeat: 3rd escalation for acme corp in 30 days (after ESC-0002, ESC-0001)");
    const esc3 = (await h.bot.escalations.get(3))!;
    expect(esc3.repeat).toEqual({ nth: 3, atLeast: false, earlier: [2, 1], within: "30 days" });
    expect(esc3.customerKey).toBe("acme");
    const events = (await allRows(h.bot.db, "timelineEvents")).filter((e) => e.escalationId === 3).map((e) => e.kind);
    expect(events).toContain("repeat_escalation");
    // The first two are not repeats.
    expect((await h.bot.escalations.get(2))!.repeat).toBeNull();

    // Customer Success: one DM, naming the customer and linking the earlier escalations.
    const dms = dmsTo(CSM, "Repeat escalation ESC-0003");
    expect(dms).toHaveLength(1);
    const dm = JSON.stringify(dms[0]!.args);
    expect(dm).toContain("3rd escalation for acme corp in 30 days");
    expect(dm).toMatch(/\|ESC-0001> · Sev 3 · Medium · open · Photo uploads time out/);
    expect(dmsTo(CSM, "ESC-0001")).toHaveLength(1);

    // Re-rendered after a change, the post keeps the mark.
    const acked = await h.bot.escalations.acknowledge(3, manager("U0TIER2"));
    expect(acked.kind).toBe("acknowledged");
    await h.bot.deliverer.drain();
    const rerendered = blocksOf(latestRender(third));
    expect(rerendered).toContain("Acknowledged");
    expect(rerendered).toContain("*Repeat:* 3rd escalation for acme corp in 30 days");

    // 25 days on, only ESC-0003 is within 30 days: the next one is the second, not a repeat.
    h.clock.advance(25 * DAY);
    const fourth = await open(4, { customer: "Acme, Inc.", summary: "Driver list is empty" });
    await h.bot.deliverer.drain();
    expect(blocksOf(latestRender(fourth) ?? fourth)).not.toContain("Repeat");
    expect((await h.bot.escalations.get(4))!.repeat).toBeNull();
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === `D${CSM}`)).toHaveLength(1);
  });
});

describe("repeats and restricted escalations", { timeout: 60_000 }, () => {
  it("a restricted repeat tells Customer Success only that it is one and where; it never counts toward an ordinary one", async () => {
    await start();
    await open(1, { customer: "Acme Corp", summary: "Photo uploads time out" });
    await open(2, { customer: "Acme Corp", summary: "GPS positions lag" });
    // A security incident: restricted to #security-alerts. The earlier ordinary ones count toward it.
    const secret = await open(3, { customer: "ACME corp", severity: "sev1", category: "security", summary: "Another user's data visible to Acme dispatchers" });
    expect(secret.args.channel).toBe("C0SEC");
    await h.bot.deliverer.drain();
    expect(blocksOf(latestRender(secret) ?? secret)).toContain("*Repeat:* 3rd escalation for ACME corp in 30 days — earlier: <https://");
    const dms = dmsTo(CSM, "Repeat escalation ESC-0003");
    expect(dms).toHaveLength(1);
    const dm = JSON.stringify(dms[0]!.args);
    expect(dm).toContain("(restricted) is a repeat escalation: the 3rd escalation for one customer in 30 days");
    for (const detail of ["Acme", "ACME", "Another user", "ESC-0001", "ESC-0002"]) expect(dm).not.toContain(detail);

    // The next ordinary one is the third ordinary one: the restricted one is neither counted nor linked.
    const fourth = await open(4, { customer: "Acme Corp", summary: "Driver list is empty" });
    await h.bot.deliverer.drain();
    const post = blocksOf(latestRender(fourth) ?? fourth);
    expect(post).toContain("*Repeat:* 3rd escalation for Acme Corp in 30 days");
    expect(post).not.toContain("ESC-0003");
    const fourthDm = dmsTo(CSM, "Repeat escalation ESC-0004");
    expect(fourthDm).toHaveLength(1);
    expect(JSON.stringify(fourthDm[0]!.args)).not.toMatch(/ESC-0003|Another user/);
  });
});

describe("the feature-request tally", { timeout: 60_000 }, () => {
  it("five customers asking for one feature tell the Product Manager once, with the list; the sixth does not tell again", async () => {
    await start();
    const feature = (customer: string, summary: string): EscalationFields => ({ customer, summary, severity: "sev4", category: "feature-request" });
    await open(1, feature("Acme Corp", "Customer wants to export all trip history to CSV"));
    await open(2, feature("Globex", "Bulk CSV export of vehicle data please"));
    // A different feature that shares a word ("report") with none of them counting.
    await open(3, feature("Hooli", "Custom report builder with drag and drop"));
    await open(4, feature("Initech", "Can we download reports as a CSV file?"));
    await open(5, feature("ACME Corporation", "CSV export of inspections too")); // Acme again: still one customer
    await open(6, feature("Umbrella", "Exporting driver logs into .csv for payroll"));
    await h.bot.deliverer.drain();
    expect(dmsTo(PRODUCT, "Feature request tally")).toHaveLength(0);

    const fifth = await open(7, feature("Wayne Enterprises", "Would love a CSV export option for fuel reports"));
    await h.bot.deliverer.drain();
    const told = dmsTo(PRODUCT, "Feature request tally");
    expect(told).toHaveLength(1);
    const message = JSON.stringify(told[0]!.args);
    expect(message).toContain("5 customers asked for the same feature within 90 days");
    expect(message).toContain("*Matched on:* CSV export");
    for (const [customer, id] of [["Acme Corp", 1], ["Globex", 2], ["Initech", 4], ["ACME Corporation", 5], ["Umbrella", 6], ["Wayne Enterprises", 7]] as const) {
      expect(message).toMatch(new RegExp(`${customer} · <https://[^|]+\\|ESC-000${id}>`));
    }
    expect(message).not.toContain("Hooli");
    expect(blocksOf(latestRender(fifth) ?? fifth)).toContain("feature request tally: 5 customers asked for this within 90 days (matched on: CSV export)");

    // A sixth customer: joins the group, nobody is told again.
    const sixth = await open(8, feature("Cyberdyne", "Export to CSV for their auditors"));
    await h.bot.deliverer.drain();
    expect(dmsTo(PRODUCT, "Feature request tally")).toHaveLength(1);
    expect(blocksOf(latestRender(sixth) ?? sixth)).toContain("already told of (matched on: export CSV); not told again");
    const tallies = (await allRows(h.bot.db, "timelineEvents")).filter((e) => e.kind === "feature_requests_tallied");
    expect(tallies.map((e) => e.escalationId)).toEqual([7]);
  });
});

describe("the feature-request tally in a channel", { timeout: 60_000 }, () => {
  it("the SaaS playbook's product team is told once by DM and once in #product-feedback", async () => {
    h = await startHarness({
      fake: { channels: [...DEFAULT_CHANNELS, { id: "C0PRODUCT", name: "product-feedback" }], users: [{ id: PRODUCT, email: "product@company.example" }] },
      env: { POLICY_FILE: "policies/saas-escalation-policies.yml" },
    });
    const customers = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"];
    const wordings = ["SSO with Okta", "SAML single sign-on", "Single sign on via Azure AD", "sso for all staff", "Okta SSO please", "They want SSO too"];
    for (const [i, customer] of customers.entries()) {
      await open(i + 1, { customer, summary: wordings[i]!, severity: "standard", category: "product" });
    }
    await h.bot.deliverer.drain();
    const inChannel = h.fake.posted("C0PRODUCT").filter((c) => String(c.args.text).startsWith("Feature request tally"));
    expect(inChannel).toHaveLength(1);
    const message = JSON.stringify(inChannel[0]!.args);
    expect(message).toContain("5 customers asked for the same feature within 90 days");
    expect(message).toContain("*Matched on:* SSO");
    expect(message).toMatch(/Hooli · <https:[^|]+\|ESC-0005>/);
    expect(message).not.toContain("Stark");
    expect(dmsTo(PRODUCT, "Feature request tally")).toHaveLength(1);
  });
});
