import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { LeaseRepo } from "../../src/db/lease-repo.js";
import { LaneHolds } from "../../src/slack/lane-holds.js";
import { testDb } from "../support/db.js";

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(() => db.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Whether another replica could take the lane right now. */
const otherWins = (lane: string) => db.transaction((tx) => new LeaseRepo(tx).tryAcquire(`lane:${lane}`, "other-replica", Date.now(), 60_000));

describe("a lane held by one process", () => {
  it("is renewed while a send lasts longer than the hold, and given up after it", async () => {
    const lanes = new LaneHolds(db, "this-replica", 300);
    expect(await lanes.hold("C0SLOW", "channel:C0SLOW")).toBe(true);
    const attempts: boolean[] = [];
    await lanes.whileSending("C0SLOW", async () => {
      // Three holds' worth of one send (Slack slow to answer, paged lookups, a wait for a slot).
      for (let i = 0; i < 9; i++) {
        await sleep(100);
        attempts.push(await otherWins("C0SLOW"));
      }
    });
    expect(attempts).toEqual(Array(9).fill(false));
    await lanes.letGo("C0SLOW", "channel:C0SLOW");
    expect(await otherWins("C0SLOW")).toBe(true);
  });

  it("keeps a renewal made by one queue while another queue of the lane lets go at the same moment", async () => {
    const lanes = new LaneHolds(db, "this-replica", 60_000);
    expect(await lanes.hold("C0BOTH", "channel:#fleet-support-tier2")).toBe(true);
    // A second queue of the same lane (the channel by id) asks for a longer hold (a 429's wait)
    // while the first one, done, lets go.
    const [held] = await Promise.all([
      lanes.hold("C0BOTH", "channel:C0BOTH", Date.now() + 120_000),
      lanes.letGo("C0BOTH", "channel:#fleet-support-tier2"),
    ]);
    expect(held).toBe(true);
    expect(await otherWins("C0BOTH")).toBe(false);
    await lanes.letGoAll();
    expect(await otherWins("C0BOTH")).toBe(true);
  });
});
