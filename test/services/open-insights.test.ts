import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { EscalationRepo } from "../../src/db/escalation-repo.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import { fillCustomerKeys } from "../../src/services/customer-keys.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { allRows, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";

/** Repeats and the tally as the open use case decides them, on a migrated database of each engine. */

const DAY = 86_400_000;
const input: EscalationInput = { customer: "Acme Corp", tier: "standard", severity: "sev3", summary: "Photo uploads time out", fields: {} };

let db: Db;
let clock: ManualClock;
let service: EscalationService;
let keys = 0;
beforeEach(async () => {
  db = await testDb();
  clock = new ManualClock();
  service = new EscalationService({ db, clock, policy: fleetPolicy });
});
afterEach(() => db.close());

const open = (over: Partial<EscalationInput> = {}) =>
  service.open({ input: { ...input, ...over }, reporterId: "U1", reporterChannelId: "C1", submissionKey: `V${++keys}` }).then((r) => r.escalation);

describe("repeats at opening", () => {
  it("finds the customer's earlier escalations by its normalised name within the window, newest first", async () => {
    await open({ customer: "Globex" });
    await open({ customer: "Acme Corp." });
    clock.advance(DAY);
    await open({ customer: "ACME Corporation" });
    clock.advance(DAY);
    const third = await open({ customer: "acme" });
    expect(third.customerKey).toBe("acme");
    expect(third.repeat).toEqual({ nth: 3, atLeast: false, earlier: [3, 2], within: "30 days" });
    expect(third.reasons.at(-1)).toBe("repeat: 3rd escalation for acme in 30 days (after ESC-0003, ESC-0002) — customers matched by name ignoring case, punctuation and suffixes like Corp/Inc");
    const dm = (await allRows(db, "outbox")).filter((r) => r.escalationId === third.id && r.kind === "dm_role");
    expect(dm.map((r) => r.payload)).toEqual([expect.objectContaining({ kind: "dm_role", role: "customer-success" })]);
  });

  it("a retried submission is not a repeat of itself", async () => {
    await open();
    await open();
    const again = await service.open({ input, reporterId: "U1", reporterChannelId: "C1", submissionKey: `V${keys}` });
    expect(again.kind).toBe("duplicate");
    expect((await allRows(db, "escalations")).every((e) => e.repeat === null)).toBe(true);
  });

  it("escalations written before keys were kept get them at start, and then count", async () => {
    const first = await open();
    const second = await open();
    await db.transaction(async (tx) => {
      for (const id of [first.id, second.id]) await new EscalationRepo(tx).update(id, { customerKey: null });
    });
    expect(await fillCustomerKeys(db)).toBe(2);
    expect(await fillCustomerKeys(db)).toBe(0);
    expect((await open({ customer: "ACME corp." })).repeat).toMatchObject({ nth: 3 });
  });

  it("openings of one customer at the same moment each count the others: 3rd, 4th and 5th, not three 3rds", async () => {
    // Other customers' openings side by side first: PostgreSQL's pool then has a connection for each.
    await Promise.all(["B", "C", "D", "E", "F"].map((customer) => open({ customer })));
    await open();
    await open();
    const together = await Promise.all([open(), open(), open()]);
    expect(together.map((e) => e.repeat?.nth).sort()).toEqual([3, 4, 5]);
    const repeats = (await allRows(db, "escalations")).filter((e) => e.customerKey === "acme").map((e) => e.repeat?.nth ?? null);
    expect(repeats.sort()).toEqual([3, 4, 5, null, null]);
    for (const e of together) expect(e.reasons.filter((r) => r.startsWith("repeat:"))).toHaveLength(1);
  });
});

describe("the tally at opening", () => {
  it("counts only the playbook's feature-request category, and tells once", async () => {
    const ask = (customer: string, summary: string, category = "feature-request") => open({ customer, summary, category, severity: "sev4" });
    await ask("A", "Bulk CSV export of trips");
    await ask("B", "CSV export for payroll");
    await ask("C", "Export everything to CSV", "general"); // not a feature request here
    await ask("D", "Download trips as CSV");
    await ask("E", "CSV export of inspections");
    const fifth = await ask("F", "A CSV export of fuel reports");
    const sixth = await ask("G", "CSV export, again");
    const tallies = (await allRows(db, "timelineEvents")).filter((e) => e.kind === "feature_requests_tallied");
    expect(tallies.map((e) => e.escalationId)).toEqual([fifth.id]);
    expect(tallies[0]!.detail).toMatchObject({ customers: 5, matched: ["CSV export"], notify: ["product-manager"] });
    expect((tallies[0]!.detail as { members: { id: number }[] }).members.map((m) => m.id)).toEqual([1, 2, 4, 5, 6]);
    const dms = (await allRows(db, "outbox")).filter((r) => r.kind === "dm_role" && (r.payload as { role: string }).role === "product-manager");
    expect(dms.map((r) => r.escalationId)).toEqual([fifth.id]);
    expect(sixth.reasons.at(-1)).toContain("not told again");
  });
});
