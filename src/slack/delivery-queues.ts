/**
 * The transport side of delivery: one runner per destination queue, so a paced, rate-limited,
 * hung or broken destination holds only its own messages; Slack's pacing (about one post a second
 * per channel) and Retry-After pauses per lane; and a cap on sends in flight that lets the most
 * severe escalations through first. Real time throughout: pacing is Slack's, not the bot's clock.
 */

import type { LaneHolds } from "./lane-holds.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When each lane (a channel id, a person, a role) may post again. */
export class Pacer {
  private readonly lastPostAt = new Map<string, number>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  /** After its Retry-After, and an interval after its last post. */
  readyAt(lane: string): number {
    const paced = (this.lastPostAt.get(lane) ?? Number.NEGATIVE_INFINITY) + this.intervalMs;
    return Math.max(this.blockedUntil.get(lane) ?? 0, paced);
  }

  /** Waits for the lane's turn and takes it: one post. */
  async take(lane: string): Promise<void> {
    const wait = this.readyAt(lane) - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastPostAt.set(lane, Date.now());
  }

  /** Slack asked this lane to wait (a 429 with Retry-After). */
  block(lane: string, untilMs: number): void {
    this.blockedUntil.set(lane, Math.max(untilMs, this.blockedUntil.get(lane) ?? 0));
  }
}

/** At most `slots` sends at once; those waiting go most severe first, then in arrival order. */
export class PriorityGate {
  private active = 0;
  private seq = 0;
  private readonly waiting: { priority: number; seq: number; go: () => void }[] = [];

  constructor(private readonly slots: number) {}

  async run<T>(priority: number, work: () => Promise<T>): Promise<T> {
    if (this.active >= this.slots) {
      await new Promise<void>((go) => {
        this.waiting.push({ priority, seq: this.seq++, go });
        this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      });
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted.
      if (next) next.go();
      else this.active -= 1;
    }
  }
}

export interface QueuedRow {
  priority: number;
}

export interface QueueRunnersDeps<Row extends QueuedRow> {
  /** Queues with something due now, most severe first. */
  dueQueues(limit: number): Promise<{ queue: string }[]>;
  /** The next row of a queue to send now. */
  next(queue: string): Promise<Row | undefined>;
  /** The pacing lane of a queue (a channel's id, whatever name the playbook gives it). */
  laneOf(queue: string): Promise<string>;
  /** Which process sends to each lane (several may share the outbox). */
  lanes: Pick<LaneHolds, "hold" | "letGo" | "whileSending">;
  /** Sends one row; records its outcome itself (sent, retry later, failed). */
  deliver(row: Row, lane: string): Promise<void>;
  pacer: Pacer;
  gate: PriorityGate;
  /** Which queues a pause stops (default: all); the integrations' go on while Slack refuses the token. */
  pausable?: (queue: string) => boolean;
  /** A runner that could not go on (the database refused a read or write); it is retried at the next poll. */
  onError(queue: string, err: unknown): void;
}

/** How many queues one scan starts; a larger backlog of queues is picked up by the next scan. */
const SCAN_LIMIT = 1_000;

export class QueueRunners<Row extends QueuedRow> {
  private readonly running = new Map<string, Promise<boolean>>();
  private readonly wakeTimers = new Map<string, NodeJS.Timeout>();
  private scanScheduled = false;
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Set while nothing can be sent at all (the token is refused); rows stay where they are. */
  private paused = false;

  constructor(private readonly deps: QueueRunnersDeps<Row>) {}

  /** Stops taking rows from every pausable queue until resume(); sends already under way finish. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** Looks for due queues every `pollMs` (retries falling due, rows left by an earlier process). */
  start(pollMs: number): void {
    this.stopped = false;
    this.poller = setInterval(() => this.kick(), pollMs);
    this.poller.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    for (const t of this.wakeTimers.values()) clearTimeout(t);
    this.wakeTimers.clear();
    await Promise.all(this.running.values());
  }

  /**
   * Starts the runners of `queues`, or (without them) of every queue with something due, on the
   * next turn of the event loop: the caller (a request that has yet to ack) is never held up.
   */
  kick(queues?: readonly string[]): void {
    if (this.stopped) return;
    if (queues) {
      setImmediate(() => queues.forEach((q) => this.startRunner(q)));
      return;
    }
    if (this.scanScheduled) return;
    this.scanScheduled = true;
    setImmediate(() => {
      this.scanScheduled = false;
      void this.scan();
    });
  }

  /** Sends everything sendable now; resolves when only paced, waiting or nothing is left. */
  async drain(): Promise<void> {
    for (;;) {
      await this.scan();
      const outcomes = await Promise.all(this.running.values());
      if (!outcomes.some(Boolean)) return;
    }
  }

  private async scan(): Promise<void> {
    if (this.stopped || (this.paused && !this.deps.pausable)) return;
    let due: { queue: string }[];
    try {
      due = await this.deps.dueQueues(SCAN_LIMIT);
    } catch (err) {
      this.deps.onError("(scan)", err);
      return;
    }
    for (const { queue } of due) this.startRunner(queue);
  }

  private startRunner(queue: string): void {
    if (this.stopped || this.isPaused(queue) || this.running.has(queue)) return;
    const run = this.run(queue)
      .catch((err: unknown) => {
        this.deps.onError(queue, err);
        return false;
      })
      .finally(() => this.running.delete(queue));
    this.running.set(queue, run);
  }

  /**
   * Sends a queue's rows one after another while its lane allows; true when it sent any. Another
   * process holding the lane sends them instead (it finds them at its next look, within a poll).
   */
  private async run(queue: string): Promise<boolean> {
    const { lanes, pacer } = this.deps;
    const lane = await this.deps.laneOf(queue);
    let sent = false;
    let ended: "paced" | "empty" | "elsewhere" | "stopped" = "stopped";
    try {
      while (!this.stopped && !this.isPaused(queue)) {
        const readyAt = pacer.readyAt(lane);
        if (readyAt > Date.now()) {
          // Paced or told to wait: come back then, keeping the lane (and nothing else) meanwhile.
          if (!(await lanes.hold(lane, queue, readyAt))) {
            ended = "elsewhere";
            return sent;
          }
          this.wakeAt(queue, readyAt);
          ended = "paced";
          return sent;
        }
        if (!(await lanes.hold(lane, queue))) {
          ended = "elsewhere";
          return sent;
        }
        const row = await this.deps.next(queue);
        if (!row) {
          ended = "empty";
          return sent;
        }
        await lanes.whileSending(lane, () => this.deps.gate.run(row.priority, () => this.deps.deliver(row, lane)));
        sent = true;
      }
      return sent;
    } finally {
      if (ended !== "paced") await lanes.letGo(lane, queue);
      // A row another process wrote while this one held the lane found it taken: one more look.
      if (ended === "empty" && !this.stopped && !this.isPaused(queue) && (await this.deps.next(queue))) this.kick([queue]);
    }
  }

  private isPaused(queue: string): boolean {
    return this.paused && (this.deps.pausable?.(queue) ?? true);
  }

  private wakeAt(queue: string, at: number): void {
    if (this.wakeTimers.has(queue)) return;
    const timer = setTimeout(() => {
      this.wakeTimers.delete(queue);
      this.kick([queue]);
    }, Math.max(0, at - Date.now()));
    timer.unref();
    this.wakeTimers.set(queue, timer);
  }
}
