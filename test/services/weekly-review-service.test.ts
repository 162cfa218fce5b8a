import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { WeeklyReviewService } from "../../src/services/weekly-review-service.js";
import { allRows, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";
import { loadPolicyFile } from "../../src/policy/loader.js";

/** The review's bookkeeping on each engine: once per week even when two processes try at the same moment. */

const at = (iso: string) => Date.parse(iso);
const THURSDAY = at("2026-01-15T16:00:00Z");
const MONDAY_0905 = at("2026-01-19T17:05:00Z");

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => {
  await db.close();
});

describe("WeeklyReviewService.postDue", () => {
  it("a playbook without a weekly review posts nothing and records nothing", async () => {
    const teamflow = loadPolicyFile(new URL("../../policies/teamflow.yml", import.meta.url).pathname);
    expect(teamflow.weeklyReview).toBeUndefined();
    expect(await new WeeklyReviewService({ db, policy: teamflow }).postDue(MONDAY_0905, THURSDAY)).toBeUndefined();
    expect(await allRows(db, "outbox")).toHaveLength(0);
  });

  it("first sight records the week under way without posting; the next Monday posts once, even when two processes try at once", async () => {
    const a = new WeeklyReviewService({ db, policy: fleetPolicy });
    const b = new WeeklyReviewService({ db, policy: fleetPolicy });
    expect(await a.postDue(THURSDAY, THURSDAY)).toEqual({ kind: "baseline", periodStart: at("2026-01-05T17:00:00Z"), scheduledAt: at("2026-01-12T17:00:00Z") });
    expect(await a.postDue(THURSDAY + 60_000, THURSDAY)).toBeUndefined();
    expect(await allRows(db, "outbox")).toHaveLength(0);

    const both = await Promise.all([a.postDue(MONDAY_0905, THURSDAY), b.postDue(MONDAY_0905, THURSDAY)]);
    expect(both.filter((r) => r?.kind === "posted")).toEqual([{ kind: "posted", periodStart: at("2026-01-12T17:00:00Z"), scheduledAt: at("2026-01-19T17:00:00Z"), late: false, skipped: 0 }]);
    const rows = await allRows(db, "outbox");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "weekly_review", escalationId: null, queue: "channel:fleet-escalation-review", dedupeKey: `review:weekly:${at("2026-01-12T17:00:00Z")}` });
    expect(rows[0]!.payload).toMatchObject({ kind: "weekly_review", channel: "#fleet-escalation-review", zone: "America/Los_Angeles", schedule: "Monday 09:00" });
  });

  it("a clock moved back (the sandbox's Real time after travelling) posts no earlier week", async () => {
    const s = new WeeklyReviewService({ db, policy: fleetPolicy });
    await s.postDue(THURSDAY, THURSDAY);
    expect(await s.postDue(at("2026-01-26T17:05:00Z"), THURSDAY)).toMatchObject({ kind: "posted", skipped: 1 });
    expect(await s.postDue(MONDAY_0905, THURSDAY)).toBeUndefined();
    expect(await allRows(db, "outbox")).toHaveLength(1);
  });

  it("late only when this process was not running at the review's time and it is more than a few minutes past", async () => {
    const s = new WeeklyReviewService({ db, policy: fleetPolicy });
    await s.postDue(THURSDAY, THURSDAY);
    // Started at 09:03 (a replica took over, a quick restart): on time.
    expect(await s.postDue(at("2026-01-19T17:04:00Z"), at("2026-01-19T17:03:00Z"))).toMatchObject({ kind: "posted", late: false });
    // Started on the Tuesday after the next Monday: late.
    expect(await s.postDue(at("2026-01-27T18:00:00Z"), at("2026-01-27T18:00:00Z"))).toMatchObject({ kind: "posted", late: true, skipped: 0 });
  });
});
