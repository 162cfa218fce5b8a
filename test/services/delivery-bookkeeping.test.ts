import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import type { OutboxRow } from "../../src/db/schema.js";
import { channelQueue, outboxKey } from "../../src/domain/outbox-intent.js";
import { DeliveryBookkeeping } from "../../src/services/delivery-bookkeeping.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { repoOn, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";

/**
 * A refresh of an escalation's post renders the state it read, so the refreshes written before
 * that read are done with it, and one written after it (a change made while the refresh was being
 * sent) is still sent: otherwise that change would never show on the post.
 */

let db: Db;
let clock: ManualClock;
let outbox: OutboxRepo;
let records: DeliveryBookkeeping;
let escalationId: number;
beforeEach(async () => {
  db = await testDb();
  clock = new ManualClock();
  outbox = repoOn(db, OutboxRepo);
  records = new DeliveryBookkeeping(db, fleetPolicy, clock);
  const opened = await new EscalationService({ db, clock, policy: fleetPolicy }).open({
    input: { customer: "Acme", tier: "standard", summary: "Reports load slowly", impact: "Dispatch waits", fields: {} },
    reporterId: "U1",
    reporterChannelId: "C1",
    submissionKey: "V1",
  });
  if (opened.kind !== "created") throw new Error(`not opened: ${opened.kind}`);
  escalationId = opened.escalation.id;
});
afterEach(() => db.close());

/** A refresh of the post, as a change writes one (its key names the change). */
async function refreshWritten(change: number): Promise<OutboxRow> {
  const key = outboxKey.refresh(escalationId, change);
  await db.transaction((tx) => new OutboxRepo(tx).enqueue(escalationId, { kind: "refresh_escalation" }, key, clock.now(), { queue: channelQueue("#fleet-support-tier2"), priority: 2 }));
  return (await outbox.findByDedupeKey(key))!;
}

describe("a refresh of the post", () => {
  it("covers the refreshes written before it read the escalation, not one written after", async () => {
    const first = await refreshWritten(1);
    const second = await refreshWritten(2);
    const read = await records.escalationToRender(escalationId); // the first is sent now, with this state
    expect(read.esc?.id).toBe(escalationId);
    const third = await refreshWritten(3); // a change committed while the first was on its way
    await records.refreshed(first, escalationId, read.refreshesUpTo);

    const status = async (row: OutboxRow) => (await outbox.findByDedupeKey(row.dedupeKey))!.status;
    expect(await status(first)).toBe("sent");
    expect(await status(second)).toBe("sent");
    expect(await status(third)).toBe("pending");
  });

  it("with no refresh written, reads 0", async () => {
    expect((await records.escalationToRender(escalationId)).refreshesUpTo).toBe(0);
  });
});
