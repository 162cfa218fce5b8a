import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import type { OutboxRow } from "../../src/db/schema.js";
import { channelQueue } from "../../src/domain/outbox-intent.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import { DeliveryRetries } from "../../src/services/delivery-retries.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { repoOn, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";
import { manager } from "../support/actors.js";

/**
 * Which rows "waiting for their channel" become due at once, on Slack's news of a channel or at the
 * reporter's request, and what a request reports back: on a migrated database, with a hand-moved clock.
 */

const BREACH: EscalationInput = { customer: "Acme", tier: "enterprise", severity: "sev1", summary: "Customer reports a data breach", fields: {} };
const LATER = 5 * 60_000;

let db: Db;
let clock: ManualClock;
let outbox: OutboxRepo;
let retries: DeliveryRetries;
let kicks: number;
beforeEach(async () => {
  db = await testDb();
  clock = new ManualClock();
  kicks = 0;
  outbox = repoOn(db, OutboxRepo);
  retries = new DeliveryRetries({ db, clock, onOutboxWritten: () => kicks++ });
  // ESC-0001: its post goes to #security-alerts, pointers to #fleet-engineering and others.
  await new EscalationService({ db, clock, policy: fleetPolicy }).open({ input: BREACH, reporterId: "U1", reporterChannelId: "C1", submissionKey: "V1" });
});
afterEach(() => db.close());

const row = async (key: string): Promise<OutboxRow> => (await outbox.findByDedupeKey(key))!;
/** The row was tried and refused with `error`; its next try is LATER. */
const refused = async (key: string, error: string) => outbox.scheduleRetry((await row(key)).id, 1, clock.now() + LATER, error);
/** Changes a row by hand, as nothing in the bot would. */
const setRow = (key: string, fields: Partial<OutboxRow>) =>
  db.transaction(async ({ q, t }) => {
    await q.update(t.outbox).set(fields).where(eq(t.outbox.dedupeKey, key));
  });

describe("DeliveryRetries", () => {
  it("a channel that appears makes the rows waiting for it due now, and only those", async () => {
    await refused("post:1", "channel_not_found: no channel named #security-alerts is visible to the bot (create it, or invite the bot if it is private)");
    // A pointer waiting for another channel (held until the post settles, so made pending here).
    await setRow("crosspost:1:#fleet-engineering", { status: "pending" });
    await refused("crosspost:1:#fleet-engineering", "not_in_channel");
    clock.advance(1_000);

    expect(await retries.channelAvailable({ id: "C0OTHER", name: "general" })).toBe(0);
    expect(kicks).toBe(0);
    expect(await retries.channelAvailable({ id: "C0SEC", name: "security-alerts" })).toBe(1);
    expect((await row("post:1")).nextAttemptAt).toBe(clock.now());
    expect((await row("crosspost:1:#fleet-engineering")).nextAttemptAt).toBe(clock.now() - 1_000 + LATER);
    expect(kicks).toBe(1);
  });

  it("a playbook naming a channel by id is matched by the event's id", async () => {
    await setRow("post:1", { queue: channelQueue("C0SEC") });
    await refused("post:1", "is_archived");
    expect(await retries.channelAvailable({ id: "C0SEC" })).toBe(1);
  });

  it("leaves rows retried for other reasons alone: their backoff is Slack's to set", async () => {
    await refused("post:1", "http_500");
    await refused("crosspost:1:#fleet-engineering", "ratelimited");
    expect(await retries.channelAvailable({ id: "C0SEC", name: "security-alerts" })).toBe(0);
    expect(await retries.channelAvailable({ id: "C0ENG", name: "fleet-engineering" })).toBe(0);
    expect(await retries.request(1, "U1")).toMatchObject({ kind: "nothing_waiting" });
    expect((await row("post:1")).nextAttemptAt).toBe(clock.now() + LATER);
  });

  it("the reporter or the owner may ask; anyone else is refused and nothing moves", async () => {
    await refused("post:1", "not_in_channel");
    expect(await retries.request(1, "U9")).toMatchObject({ kind: "not_allowed" });
    expect((await row("post:1")).nextAttemptAt).toBe(clock.now() + LATER);
    expect(await retries.request(2, "U1")).toEqual({ kind: "not_found" });
    expect(kicks).toBe(0);

    const asked = await retries.request(1, "U1");
    expect(asked).toMatchObject({ kind: "retrying", rowIds: [(await row("post:1")).id], since: clock.now() });
    expect((await row("post:1")).nextAttemptAt).toBe(clock.now());
    expect(kicks).toBe(1);

    await new EscalationService({ db, clock, policy: fleetPolicy }).acknowledge(1, manager("U2"));
    expect((await retries.request(1, "U2")).kind).toBe("retrying");
  });

  it("progress: trying until the row is tried, then delivered, still waiting (and why), or refused", async () => {
    await refused("post:1", "not_in_channel");
    const asked = await retries.request(1, "U1");
    if (asked.kind !== "retrying") throw new Error(asked.kind);
    const progress = () => retries.progress(1, asked.rowIds, asked.since);
    expect(await progress()).toEqual({ kind: "trying" });

    await outbox.scheduleRetry((await row("post:1")).id, 2, clock.now() + 60_000, "not_in_channel");
    expect(await progress()).toMatchObject({ kind: "waiting", channel: "#security-alerts", error: "not_in_channel", what: undefined });

    await outbox.scheduleRetry((await row("post:1")).id, 3, clock.now() + 60_000, "http_503");
    expect(await progress()).toEqual({ kind: "not_delivered", error: "http_503", failed: false });

    await outbox.markSent((await row("post:1")).id, clock.now());
    expect(await progress()).toMatchObject({ kind: "delivered", escalation: { id: 1 } });
  });
});
