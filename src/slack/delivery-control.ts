import type { Db } from "../db/connection.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { Clock } from "../domain/clock.js";

/** What the rest of the bot may ask of delivery, wherever it runs (this thread or its own). */
export interface DeliveryControl {
  /** Asks for delivery soon; never holds up the caller (a request that has yet to ack). */
  kick(): void;
  /** Sends everything due now; resolves when nothing sendable is left. Tests and the bench await it. */
  drain(): Promise<void>;
  health(): Promise<DeliveryHealth>;
  stop(): Promise<void>;
}

/** What delivery looks like from outside, for /healthz. */
export interface DeliveryHealth {
  /** "ok", or the Slack error that paused all delivery (e.g. token_revoked). */
  slack: string;
  pending: number;
  /** Age of the oldest message not yet sent, in seconds (0 when none). */
  oldestPendingSec: number;
  /** True when a person must act: delivery paused, a message waiting longer than alertAfterMs, or an integration parked. */
  needsAttention: boolean;
  /** Integration queues an integration refused for good (pagerduty, webhook): their events wait for an operator's retry. */
  parked: { queue: string; rows: number; error: string }[];
}

/** A message unsent after this long needs a person. */
export const DEFAULT_ALERT_AFTER_MS = 15 * 60_000;

/**
 * Delivery's health read from the database (what waits, for how long) and the token state the
 * deliverer last reported: any connection can answer it, so /healthz never waits on delivery.
 */
export class DeliveryHealthReader {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly alertAfterMs = DEFAULT_ALERT_AFTER_MS,
  ) {}

  async read(slack: string): Promise<DeliveryHealth> {
    const { oldest, pending, parked } = await this.db.read(async (tx) => {
      const outbox = new OutboxRepo(tx);
      return { oldest: await outbox.oldestPendingCreatedAt(), pending: await outbox.pendingCount(), parked: await outbox.parkedQueues() };
    });
    const ageMs = oldest === undefined ? 0 : Math.max(0, this.clock.now() - oldest);
    return {
      slack,
      pending,
      oldestPendingSec: Math.round(ageMs / 1000),
      needsAttention: slack !== "ok" || ageMs > this.alertAfterMs || parked.length > 0,
      parked,
    };
  }
}
