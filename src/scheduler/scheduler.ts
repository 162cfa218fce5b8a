import type { Clock } from "../domain/clock.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import type { Logger } from "../logger.js";
import type { ClockService } from "../services/clock-service.js";

/**
 * The timer loop: every SCHEDULER_INTERVAL_MS it asks the clock service to handle what is due now.
 * Deadlines live in the database, never in long setTimeouts, so a restart or a moved clock just
 * works; only the leaseholder among processes sharing the database does any work.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  /** The tick under way: the next waits for it instead of running beside it. */
  private running: Promise<void> | undefined;

  constructor(
    private readonly clocks: ClockService,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    // The first tick (which may have a backlog after downtime) runs after start-up, not inside it.
    setImmediate(() => void this.tickIfIdle());
    this.timer = setInterval(() => void this.tickIfIdle(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    try {
      await this.clocks.release();
    } catch {
      // the database may already be closed; the lease then simply expires
    }
  }

  /** A tick now (the clock was moved): after the one under way, if any. */
  async runOnce(): Promise<void> {
    while (this.running) await this.running;
    await this.tickIfIdle();
  }

  /** A tick, unless one is under way (an interval fired during a long one) or the loop stopped. */
  private async tickIfIdle(): Promise<void> {
    if (!this.timer || this.running) return;
    this.running = this.tick();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async tick(): Promise<void> {
    const started = performance.now();
    try {
      const result = await this.clocks.tick(this.clock.now());
      for (const a of result.actions) {
        this.logger.info({ escalation: formatEscalationId(a.escalationId), timer: a.timer, outcome: a.outcome }, "escalation.auto");
      }
      if (result.review) {
        const { kind, scheduledAt, ...rest } = result.review;
        this.logger.info({ review: "weekly", scheduled_at: new Date(scheduledAt).toISOString(), ...rest }, `review.${kind}`);
      }
      if (result.handled > 0) {
        this.logger.info({ handled: result.handled, more: result.more, ms: Math.round(performance.now() - started) }, "scheduler.tick");
      }
      // A backlog continues in the next turn of the event loop, letting requests through between.
      if (result.more) setImmediate(() => void this.tickIfIdle());
    } catch (err) {
      // One bad tick must not stop the loop; the timers are still there for the next one.
      this.logger.error({ err }, "scheduler.tick_failed");
    }
  }
}
