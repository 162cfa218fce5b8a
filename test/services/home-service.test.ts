import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import { homeQueue } from "../../src/domain/outbox-intent.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { HOME_DEBOUNCE_MS } from "../../src/services/home-changes.js";
import { HomeService } from "../../src/services/home-service.js";
import { escalationLife } from "../../src/services/life.js";
import { ManualClock } from "../support/clock.js";
import { allRows, repoOn, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";
import { manager } from "../support/actors.js";

/**
 * When a person's App Home is published, as rows in their home queue of the outbox: at once when
 * they open it, a few seconds after a change that concerns them, one waiting row at a time (so
 * quick changes publish once), never for someone who has not opened it. On a migrated database of
 * each engine, with a hand-moved clock.
 */

const INPUT: EscalationInput = { customer: "Acme", tier: "enterprise", severity: "sev2", summary: "Uploads fail", fields: {} };

let db: Db;
let clock: ManualClock;
let escalations: EscalationService;
let homes: HomeService;
let kicks: number;
beforeEach(async () => {
  db = await testDb();
  clock = new ManualClock();
  kicks = 0;
  escalations = new EscalationService({ db, clock, policy: fleetPolicy });
  homes = new HomeService({ db, clock, policy: fleetPolicy, onOutboxWritten: () => kicks++ });
});
afterEach(() => db.close());

const open = (key: string) => escalations.open({ input: INPUT, reporterId: "U0REP", reporterChannelId: "C1", submissionKey: key });
const homeRows = async (user: string) => (await allRows(db, "outbox")).filter((r) => r.queue === homeQueue(user));

describe("App Home publishes", () => {
  it("none for someone who never opened their Home, whatever they do", async () => {
    await open("V1");
    await escalations.acknowledge(1, manager("U0ENG"));
    expect((await allRows(db, "outbox")).filter((r) => r.kind === "publish_home")).toEqual([]);
  });

  it("opening publishes now; opening again before it was sent writes nothing more", async () => {
    await homes.opened("U0ENG");
    await homes.opened("U0ENG");
    const rows = await homeRows("U0ENG");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "publish_home", payload: { kind: "publish_home", userId: "U0ENG" }, escalationId: null, status: "pending", nextAttemptAt: clock.now() });
    // After every escalation's own messages when Slack's limits force a choice.
    expect(rows[0]!.priority).toBe(fleetPolicy.severities.length);
    expect(kicks).toBe(2);
  });

  it("quick changes that concern a person publish once, the debounce after the first; opening makes it due now", async () => {
    await homes.opened("U0ENG");
    await repoOn(db, OutboxRepo).markSent((await homeRows("U0ENG"))[0]!.id, clock.now());
    await open("V1");
    const changedAt = clock.now();
    await escalations.acknowledge(1, manager("U0ENG"));
    clock.advance(1_000);
    await escalations.resolve(1, manager("U0ENG"), { resolution: "Fixed", rootCause: "A bad deploy" });
    const waiting = (await homeRows("U0ENG")).filter((r) => r.status === "pending");
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.nextAttemptAt).toBe(changedAt + HOME_DEBOUNCE_MS);
    // The reporter acted (opened it) but never opened their Home.
    expect(await homeRows("U0REP")).toEqual([]);

    await homes.opened("U0ENG");
    const again = (await homeRows("U0ENG")).filter((r) => r.status === "pending");
    expect(again.map((r) => r.id)).toEqual(waiting.map((r) => r.id));
    expect(again[0]!.nextAttemptAt).toBe(clock.now());
  });

  it("a publish already being sent may have read the state before a change: the change writes a new one", async () => {
    await homes.opened("U0ENG");
    const sending = (await homeRows("U0ENG"))[0]!;
    await repoOn(db, OutboxRepo).markSending(sending.id, clock.now());
    await open("V1");
    await escalations.acknowledge(1, manager("U0ENG"));
    const rows = await homeRows("U0ENG");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ status: "pending", sendingSince: null, nextAttemptAt: clock.now() + HOME_DEBOUNCE_MS });
  });

  it("a change concerns the owner before and after it, not a bystander", async () => {
    for (const user of ["U0ENG", "U0BOB", "U0BYSTANDER"]) await homes.opened(user);
    for (const user of ["U0ENG", "U0BOB", "U0BYSTANDER"]) await repoOn(db, OutboxRepo).markSent((await homeRows(user))[0]!.id, clock.now());
    await open("V1");
    await escalations.acknowledge(1, manager("U0ENG"));
    await repoOn(db, OutboxRepo).markSent((await homeRows("U0ENG")).find((r) => r.status === "pending")!.id, clock.now());
    // A manager hands it to Bob: Eng loses it from Mine, Bob gains it, the manager acted.
    expect((await escalationLife({ db, clock, policy: fleetPolicy }).ownership.reassign(1, manager("U0MGR"), "U0BOB", undefined)).kind).toBe("done");
    expect((await homeRows("U0ENG")).filter((r) => r.status === "pending")).toHaveLength(1);
    expect((await homeRows("U0BOB")).filter((r) => r.status === "pending")).toHaveLength(1);
    expect((await homeRows("U0BYSTANDER")).filter((r) => r.status === "pending")).toHaveLength(0);
  });
});
