import type { Db } from "../db/connection.js";
import { LeaseRepo } from "../db/lease-repo.js";
import { SerialQueue } from "../db/serial-queue.js";

/** How long a hold lasts without renewal: a replica that dies mid-send gives its lanes up after this. */
export const LANE_HOLD_MS = 15_000;

/**
 * Which process sends to a lane (a channel, a person's DMs) right now. Replicas share one outbox, and
 * a lane's messages must go out in order and at Slack's pace (one post a second per channel, and not
 * at all while a 429's Retry-After lasts): so one process at a time holds a lane, through a lease in
 * the database, given up when its queues are empty. A process that dies holding a lane loses it when
 * the lease runs out; its last send, if any, is found again by the deliverer's lost-response lookup
 * rather than posted twice. Real time, like pacing: the bot's own clock (which tests and the sandbox
 * move) has nothing to do with how long a send takes.
 *
 * A send can take longer than any fixed part of the lease (several Web API calls, each allowed 10 s,
 * and a wait for a free slot), so a lane's lease is also renewed during each send (whileSending),
 * not only before it: a lane is never lost while its process is alive and sending.
 */
export class LaneHolds {
  /** This process's queues running on each lane it holds, and until when the lease is written. */
  private readonly held = new Map<string, { queues: Set<string>; until: number }>();
  /**
   * Each lane's lease writes one after another, in call order: a release must not land after a
   * renewal another queue of the same lane made meanwhile. One per lane ever used (channels and
   * people: a few hundred small objects).
   */
  private readonly turns = new Map<string, SerialQueue>();

  /**
   * `holder` names the process: a delivery thread restarted after a crash takes its lanes back at
   * once. `holdMs` is LANE_HOLD_MS but in tests.
   */
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
  hold(lane: string, queue: string, busyUntil = 0): Promise<boolean> {
    return this.inTurn(lane, async () => {
      const now = Date.now();
      const until = Math.max(now, busyUntil) + this.holdMs;
      const mine = this.held.get(lane);
      if (mine && mine.until - until > -this.holdMs / 2) {
        mine.queues.add(queue);
        return true;
      }
      if (!(await this.write(lane, now, until))) return false;
      const entry = this.held.get(lane) ?? { queues: new Set<string>(), until };
      entry.until = until;
      entry.queues.add(queue);
      this.held.set(lane, entry);
      return true;
    });
  }

  /** `queue` has nothing more to send: once no queue of this process uses the lane, others may take it. */
  letGo(lane: string, queue: string): Promise<void> {
    return this.inTurn(lane, async () => {
      const mine = this.held.get(lane);
      if (!mine) return;
      mine.queues.delete(queue);
      if (mine.queues.size > 0) return;
      this.held.delete(lane);
      await this.db.autocommit((tx) => new LeaseRepo(tx).release(leaseName(lane), this.holder));
    });
  }

  /** The process stops: every lane it holds goes to whoever wants it next. */
  async letGoAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((lane) => this.inTurn(lane, () => this.releaseAll(lane))));
  }

  private async releaseAll(lane: string): Promise<void> {
    if (!this.held.delete(lane)) return;
    await this.db.autocommit((tx) => new LeaseRepo(tx).release(leaseName(lane), this.holder));
  }

  /**
   * Writes the lease until `until`; false when another process holds it. Each lease write is one
   * statement, committed on its own (Db.autocommit: one round trip on PostgreSQL, not three).
   */
  private write(lane: string, now: number, until: number): Promise<boolean> {
    return this.db.autocommit((tx) => new LeaseRepo(tx).tryAcquire(leaseName(lane), this.holder, now, until - now));
  }

  /**
   * Runs one send on a lane this process holds, renewing the hold every third of it while the send
   * lasts. A failed renewal is tried again at the next; a lost one (this process stalled past its
   * lease and another took the lane) is found out by the queue's next hold.
   */
  async whileSending<T>(lane: string, send: () => Promise<T>): Promise<T> {
    const renewal = setInterval(() => void this.renew(lane).catch(() => undefined), this.holdMs / 3);
    try {
      return await send();
    } finally {
      clearInterval(renewal);
    }
  }

  private renew(lane: string): Promise<void> {
    return this.inTurn(lane, async () => {
      const entry = this.held.get(lane);
      if (!entry) return;
      const now = Date.now();
      const until = Math.max(entry.until, now + this.holdMs);
      if (await this.write(lane, now, until)) entry.until = until;
      else this.held.delete(lane);
    });
  }

  private inTurn<T>(lane: string, job: () => Promise<T>): Promise<T> {
    let turn = this.turns.get(lane);
    if (!turn) {
      turn = new SerialQueue();
      this.turns.set(lane, turn);
    }
    return turn.run(job);
  }
}

function leaseName(lane: string): string {
  return `lane:${lane}`;
}
