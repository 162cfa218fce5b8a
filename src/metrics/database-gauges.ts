import { Gauge, type Registry } from "prom-client";
import type { Db } from "../db/connection.js";
import { MetricsRepo } from "../db/metrics-repo.js";
import type { Clock } from "../domain/clock.js";
import type { Policy } from "../domain/playbook/model.js";
import { METRIC_PREFIX } from "./metric-names.js";

const OPEN_STATUSES = ["open", "acknowledged"] as const;

/**
 * The gauges read from the database at each scrape: what is open (and breached) by severity and
 * level, what waits to be sent per destination, and how far behind the scheduler is. Every replica
 * sharing the database reports the same values, whichever of them does the work.
 */
export class DatabaseGauges {
  private readonly open: Gauge<"severity" | "level" | "status">;
  private readonly breached: Gauge<"severity" | "level">;
  private readonly pending: Gauge<"destination">;
  private readonly oldestPending: Gauge<"destination">;
  private readonly schedulerLag: Gauge;
  private readonly overdue: Gauge;

  constructor(
    registry: Registry,
    private readonly deps: { db: Db; clock: Clock; policy: Policy },
  ) {
    const registers = [registry];
    this.open = new Gauge({
      name: `${METRIC_PREFIX}open_escalations`,
      help: "Escalations not yet resolved, by severity, support level and status (open: not acknowledged yet).",
      labelNames: ["severity", "level", "status"],
      registers,
    });
    this.breached = new Gauge({
      name: `${METRIC_PREFIX}open_escalations_breached`,
      help: "Escalations not yet resolved that have missed their resolution target, by severity and support level.",
      labelNames: ["severity", "level"],
      registers,
    });
    this.pending = new Gauge({
      name: `${METRIC_PREFIX}outbox_pending_messages`,
      help: "Slack messages written and not yet sent, by destination queue (a channel, a person, a role's DMs).",
      labelNames: ["destination"],
      registers,
    });
    this.oldestPending = new Gauge({
      name: `${METRIC_PREFIX}outbox_oldest_pending_age_seconds`,
      help: "How long the oldest message not yet sent has waited, by destination queue.",
      labelNames: ["destination"],
      registers,
    });
    this.schedulerLag = new Gauge({
      name: `${METRIC_PREFIX}scheduler_lag_seconds`,
      help: "How long the earliest clock that has run out has waited for the scheduler (0 when none waits). Up to SCHEDULER_INTERVAL_MS is normal.",
      registers,
    });
    this.overdue = new Gauge({
      name: `${METRIC_PREFIX}scheduler_overdue_timers`,
      help: "Clocks (reminders, SLA deadlines, automatic escalations) that have run out and wait for the scheduler.",
      registers,
    });
  }

  /** Reads the database once (three aggregate queries) and sets every gauge from what it found. */
  async refresh(): Promise<void> {
    const now = this.deps.clock.now();
    const { open, queues, timers } = await this.deps.db.read(async (tx) => {
      const repo = new MetricsRepo(tx);
      return { open: await repo.openEscalations(), queues: await repo.unsentByQueue(), timers: await repo.overdueTimers(now) };
    });

    // Every severity and level of the playbook is reported, at 0 when nothing is open there, so a
    // dashboard or an alert sees 0 rather than no series at all.
    this.open.reset();
    this.breached.reset();
    for (const severity of this.deps.policy.severities) {
      for (const level of this.deps.policy.levels) {
        for (const status of OPEN_STATUSES) this.open.set({ severity: severity.id, level: level.id, status }, 0);
        this.breached.set({ severity: severity.id, level: level.id }, 0);
      }
    }
    for (const row of open) {
      this.open.set({ severity: row.severity, level: row.level, status: row.status }, row.count);
      this.breached.inc({ severity: row.severity, level: row.level }, row.breached);
    }

    // Only destinations with something to send: a queue that drained is no longer reported.
    this.pending.reset();
    this.oldestPending.reset();
    for (const q of queues) {
      this.pending.set({ destination: q.queue }, q.pending);
      this.oldestPending.set({ destination: q.queue }, seconds(now - q.oldestCreatedAt));
    }

    this.overdue.set(timers.count);
    this.schedulerLag.set(timers.oldestDueAt === undefined ? 0 : seconds(now - timers.oldestDueAt));
  }
}

const seconds = (ms: number) => Math.max(0, ms) / 1000;
