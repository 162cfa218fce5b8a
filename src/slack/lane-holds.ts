import type { Db } from "../db/connection.js";
import { LeaseRepo } from "../db/lease-repo.js";

/**
 * How long a hold lasts without renewal: a replica that dies mid-send gives its lanes up after this.
 * It is renewed while messages go out, so it only has to outlast one send (a Web API call times out
 * after 10 s) and one pacing gap.
 */
export const LANE_HOLD_MS = 15_000;

/**
 * Which process sends to a lane (a channel, a person's DMs) right now. Replicas share one outbox, and
 * a lane's messages must go out in order and at Slack's pace (one post a second per channel, and not
 * at all while a 429's Retry-After lasts): so one process at a time holds a lane, through a lease in
 * the database, renewed while it sends and given up when its queues are empty. A process that dies
 * holding a lane loses it when the lease runs out; its last send, if any, is found again by the
 * deliverer's lost-response lookup rather than posted twice. Real time, like pacing: the bot's own
 * clock (which tests and the sandbox move) has nothing to do with how long a send takes.
 */
export class LaneHolds {
  /** This process's queues running on each lane it holds, and until when the lease is written. */
  private readonly held = new Map<string, { queues: Set<string>; until: number }>();

  /** `holder` names the process: a delivery thread restarted after a crash takes its lanes back at once. */
  constructor(
    private readonly db: Db,
    private readonly holder: string,
    private readonly holdMs = LANE_HOLD_MS,
  ) {}

  /**
   * Takes or renews the lane for `queue`, long enough to cover a wait until `busyUntil` (pacing, a
   * 429): false while another process holds it. A hold with more than half its time left is not
   * written again, so a burst of messages costs one write, not one per message.
   */
  async hold(lane: string, queue: string, busyUntil = 0): Promise<boolean> {
    const now = Date.now();
    const until = Math.max(now, busyUntil) + this.holdMs;
    const mine = this.held.get(lane);
    if (mine && mine.until - until > -this.holdMs / 2) {
      mine.queues.add(queue);
      return true;
    }
    const won = await this.db.transaction((tx) => new LeaseRepo(tx).tryAcquire(leaseName(lane), this.holder, now, until - now));
    if (!won) return false;
    const entry = this.held.get(lane) ?? { queues: new Set<string>(), until };
    entry.until = until;
    entry.queues.add(queue);
    this.held.set(lane, entry);
    return true;
  }

  /** `queue` has nothing more to send: once no queue of this process uses the lane, others may take it. */
  async letGo(lane: string, queue: string): Promise<void> {
    const mine = this.held.get(lane);
    if (!mine) return;
    mine.queues.delete(queue);
    if (mine.queues.size > 0) return;
    this.held.delete(lane);
    await this.db.transaction((tx) => new LeaseRepo(tx).release(leaseName(lane), this.holder));
  }

  /** The process stops: every lane it holds goes to whoever wants it next. */
  async letGoAll(): Promise<void> {
    const lanes = [...this.held.keys()];
    this.held.clear();
    if (lanes.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const lane of lanes) await new LeaseRepo(tx).release(leaseName(lane), this.holder);
    });
  }
}

function leaseName(lane: string): string {
  return `lane:${lane}`;
}
