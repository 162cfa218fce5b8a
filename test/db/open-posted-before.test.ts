import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { EscalationRepo } from "../../src/db/escalation-repo.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { repoOn, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";

/**
 * The start-up query that finds open, posted escalations older than the installation record
 * (rerenderOpenPosts): it finds the open severities by index steps first, so every severity and
 * both open statuses must still be found, and nothing else.
 */

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

async function open(severity: string, posted = true): Promise<number> {
  const { escalation } = await service.open({ input: { ...input, severity }, reporterId: "U1", reporterChannelId: "C1", submissionKey: `V${++keys}` });
  if (posted) await repoOn(db, EscalationRepo).setMessageRef(escalation.id, "C0TIER2", `1700000000.${String(escalation.id).padStart(6, "0")}`);
  clock.advance(60_000);
  return escalation.id;
}

describe("EscalationRepo.openPostedBefore", () => {
  it("finds open and acknowledged posted escalations of every severity created before the time, in id order", async () => {
    const sev1 = await open("sev1");
    const sev4 = await open("sev4");
    const acknowledged = await open("sev2");
    await repoOn(db, EscalationRepo).update(acknowledged, { status: "acknowledged", acknowledgedBy: "U2", acknowledgedAt: clock.now() });
    const resolved = await open("sev3");
    await repoOn(db, EscalationRepo).update(resolved, { status: "resolved" });
    await open("sev3", false); // never posted
    // A severity the playbook no longer names still counts: the scan reads what the rows hold.
    const retired = await open("sev9-retired");
    await repoOn(db, EscalationRepo).update(retired, { severity: "sev9-retired" });
    const before = clock.now();
    await open("sev1"); // created at `before`: not before it

    const found = await repoOn(db, EscalationRepo).openPostedBefore(before);
    expect(found.map((e) => e.id)).toEqual([sev1, sev4, acknowledged, retired]);
  });

  it("finds nothing on an empty database, or when everything is newer", async () => {
    expect(await repoOn(db, EscalationRepo).openPostedBefore(clock.now())).toEqual([]);
    const at = clock.now();
    await open("sev2");
    expect(await repoOn(db, EscalationRepo).openPostedBefore(at)).toEqual([]);
  });
});
