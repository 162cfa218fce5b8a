import type { Clock } from "../domain/clock.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import { formatFields, type Logger } from "../logger.js";
import type { ClockService } from "../services/clock-service.js";

/**
 * The timer loop: every SCHEDULER_INTERVAL_MS it asks the clock service to handle what is due now.
 * Deadlines live in the database, never in long setTimeouts, so a restart or a moved clock just
 * works; only the leaseholder among processes sharing the database does any work.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clocks: ClockService,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    // The first tick (which may have a backlog after downtime) runs after start-up, not inside it.
    setImmediate(() => this.runOnce());
    this.timer = setInterval(() => this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.clocks.release();
    } catch {
      // the database may already be closed; the lease then simply expires
    }
  }

  runOnce(): void {
    if (!this.timer) return; // stopped
    const started = performance.now();
    try {
      const result = this.clocks.tick(this.clock.now());
      for (const a of result.actions) {
        this.logger.info(`escalation.auto ${formatFields({ escalation: formatEscalationId(a.escalationId), timer: a.timer, outcome: a.outcome })}`);
      }
      if (result.handled > 0) {
        this.logger.info(`scheduler.tick ${formatFields({ handled: result.handled, more: result.more, ms: Math.round(performance.now() - started) })}`);
      }
      // A backlog continues in the next turn of the event loop, letting requests through between.
      if (result.more) setImmediate(() => this.runOnce());
    } catch (err) {
      // One bad tick must not stop the loop; the timers are still there for the next one.
      this.logger.error("scheduler.tick failed:", err);
    }
  }
}
