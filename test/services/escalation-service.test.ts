import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { allRows, repoOn, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";
import { manager } from "../support/actors.js";

const input: EscalationInput = { customer: "Acme", tier: "enterprise", severity: "sev2", summary: "Photo uploads fail with 503", fields: {} };

let db: Db;
let clock: ManualClock;
let service: EscalationService;
let kicks: number;
beforeEach(async () => {
  db = await testDb();
  clock = new ManualClock();
  kicks = 0;
  service = new EscalationService({ db, clock, policy: fleetPolicy, onOutboxWritten: () => kicks++ });
});
afterEach(() => db.close());

const open = (key = "V1", over: Partial<EscalationInput> = {}) =>
  service.open({ input: { ...input, ...over }, reporterId: "U1", reporterChannelId: "C1", submissionKey: key });

describe("EscalationService", () => {
  it("open writes the escalation, its first timeline event and two outbox rows in one go", async () => {
    const res = await open();
    expect(res.kind).toBe("created");
    expect(res.escalation).toMatchObject({
      id: 1,
      status: "open",
      level: "tier2",
      channel: "#fleet-support-tier2",
      channels: ["#fleet-support-tier2"],
      createdAt: clock.now(),
      // Enterprise Sev 2: 2 h × 0.5 on the Tier 2 business-hours clock (Thursday 08:00 Pacific).
      firstResponseDue: clock.now() + 3_600_000,
      cc: ["customer-success"],
    });
    expect(await allRows(db, "timelineEvents")).toHaveLength(1);
    expect((await allRows(db, "outbox")).map((r) => r.dedupeKey)).toEqual(["post:1", "confirm:1"]);
    expect(kicks).toBe(1);
  });

  it("the same submission key gives the first escalation back", async () => {
    await open("V1");
    const again = await open("V1", { summary: "something else entirely" });
    expect(again).toMatchObject({ kind: "duplicate", escalation: { id: 1, summary: input.summary } });
    expect(await allRows(db, "outbox")).toHaveLength(2);
    expect(kicks).toBe(1);
  });

  it("first acknowledger wins", async () => {
    await open();
    clock.advanceMinutes(7);
    expect(await service.acknowledge(1, manager("U2"))).toMatchObject({ kind: "acknowledged", afterMs: 7 * 60_000 });
    expect(await service.acknowledge(1, manager("U3"))).toMatchObject({ kind: "already_acknowledged", escalation: { acknowledgedBy: "U2" } });
    expect(await service.acknowledge(99, manager("U3"))).toEqual({ kind: "not_found" });
    const kinds = (await allRows(db, "outbox")).map((r) => r.kind);
    expect(kinds).toEqual(["post_escalation", "confirm_reporter", "refresh_escalation", "thread_notice"]);
  });

  it("resolve once; acknowledge after resolve is refused", async () => {
    await open();
    expect((await service.resolve(1, manager("U2"), { resolution: "Fixed", rootCause: "Bug" })).kind).toBe("resolved");
    expect(await service.resolve(1, manager("U3"), { resolution: "Again", rootCause: "?" })).toMatchObject({ kind: "already_resolved", escalation: { resolvedBy: "U2" } });
    expect((await service.acknowledge(1, manager("U3"))).kind).toBe("already_resolved");
  });

  it("stores the playbook's suggestion beside the agent's choice, and cross-posts to every other routed channel", async () => {
    const res = await open("V9", { severity: undefined, summary: "Customer reports a data breach: they see another user's data" });
    expect(res.escalation).toMatchObject({ severity: "sev1", suggestedSeverity: "sev1", category: "security", level: "tier3", restricted: true });
    expect(res.escalation.channels[0]).toBe("#security-alerts");
    const keys = (await allRows(db, "outbox")).map((r) => r.dedupeKey);
    // A Sev 1: its war room is asked for too (domain/war-room.ts).
    expect(keys.filter((k) => !k.startsWith("dm:"))).toEqual(["post:1", ...res.escalation.channels.slice(1).map((c) => `crosspost:1:${c}`), "confirm:1", "room:open:1"]);
    // Sev 1, the security category and the playbook's breach rule ("Security Officer + CTO + Legal") DM their roles at once.
    expect(keys.filter((k) => k.startsWith("dm:")).sort()).toEqual(["dm:1:cto", "dm:1:legal", "dm:1:security-officer", "dm:1:support-manager"]);

    const chosen = await open("V10", { severity: "sev3", summary: "Production down for every driver since 8am" });
    expect(chosen.escalation).toMatchObject({ severity: "sev3", suggestedSeverity: "sev1" });
    expect(chosen.escalation.reasons).toContain("agent chose Sev 3 · Medium (suggested Sev 1 · Critical)");
  });

  it("each message waits in its destination's queue; a post goes before what links to it", async () => {
    await open("V1");
    await open("V2");
    const repo = repoOn(db, OutboxRepo);
    const tier2 = "channel:fleet-support-tier2";
    expect((await repo.nextInQueue(tier2, clock.now()))?.dedupeKey).toBe("post:1");
    // The confirmation links to the post: it is held until the post is out.
    expect((await repo.dueQueues(clock.now(), 10)).map((q) => q.queue)).toEqual([tier2]);
    expect(await repo.nextInQueue("user:U1", clock.now())).toBeUndefined();
    await repo.markSent(1, clock.now());
    await repo.releaseHeld(1);
    expect((await repo.nextInQueue(tier2, clock.now()))?.dedupeKey).toBe("post:2");
    expect((await repo.nextInQueue("user:U1", clock.now()))?.dedupeKey).toBe("confirm:1");
  });

  it("when Slack's limits force a choice, the more severe escalation's rows go first", async () => {
    await open("V1", { severity: "sev3" });
    await open("V2", { severity: "sev2" });
    await open("V3", { severity: "sev1", summary: "Production down for every driver" });
    const repo = repoOn(db, OutboxRepo);
    const queues = await repo.dueQueues(clock.now(), 10);
    expect(queues.map((q) => q.priority)).toEqual([...queues.map((q) => q.priority)].sort());
    expect(queues[0]?.priority).toBe(0);
    // In one channel the later Sev 2 goes before the earlier Sev 3...
    const tier2 = "channel:fleet-support-tier2";
    expect((await repo.nextInQueue(tier2, clock.now()))?.dedupeKey).toBe("post:2");
    await repo.markSent((await repo.nextInQueue(tier2, clock.now()))!.id, clock.now());
    // ...but the Sev 1's pointer there is held until its own post is out.
    expect((await repo.nextInQueue(tier2, clock.now()))?.dedupeKey).toBe("post:1");
    expect((await repo.findByDedupeKey("crosspost:3:#fleet-support-tier2"))?.status).toBe("held");
  });
});
