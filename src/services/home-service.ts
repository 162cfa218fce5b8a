import type { Db } from "../db/connection.js";
import { HomeRepo } from "../db/home-repo.js";
import type { EscalationRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { AT_RISK_WITHIN_MS, RECENTLY_RESOLVED_MS, type HomeSnapshot } from "../domain/home.js";
import type { MetricsReport } from "../domain/metrics-report.js";
import type { Policy } from "../domain/playbook/model.js";
import { lastWeek } from "../domain/review-schedule.js";
import { exportZone } from "../domain/escalation-export.js";
import { ReportService } from "./report-service.js";
import { reviewZone } from "./weekly-review-service.js";

export interface HomeServiceDeps {
  db: Db;
  clock: Clock;
  policy: Policy;
  /** Called after a publish was written, so the deliverer sends it now. */
  onOutboxWritten?: () => void;
}

/**
 * A person's App Home: published when they open it or press Refresh (at once, through the outbox
 * like every message, so one person's publishes never overtake each other), and read for a publish.
 * Publishes after changes are scheduled by the changes themselves (home-changes.ts).
 */
export class HomeService {
  private readonly reports: ReportService;

  constructor(private readonly deps: HomeServiceDeps) {
    this.reports = new ReportService(deps);
  }

  /** The person opened their Home, or asked for it again: it is published now, with what is true now. */
  async opened(userId: string): Promise<void> {
    const now = this.deps.clock.now();
    // After every escalation's messages when Slack's limits force a choice.
    await this.deps.db.transaction((tx) => new HomeRepo(tx).schedulePublish(userId, now, now, this.deps.policy.severities.length));
    this.deps.onOutboxWritten?.();
  }

  /** What `viewer`'s Home is made of, now. */
  async snapshot(viewer: string): Promise<{ now: number; snapshot: HomeSnapshot<EscalationRow>; lastWeek: MetricsReport }> {
    const now = this.deps.clock.now();
    const snapshot = await this.deps.db.read((tx) => new HomeRepo(tx).snapshot(viewer, now, AT_RISK_WITHIN_MS, RECENTLY_RESOLVED_MS));
    return { now, snapshot, lastWeek: await this.lastWeek(now) };
  }

  /**
   * Last week by tier, from the report's own functions over the weekly review's week: the Home, the
   * weekly post and `escalation-bot report --by tier` give a manager the same numbers. Restricted
   * escalations count in these totals as they do in the review; none is named.
   */
  lastWeek(now: number): Promise<MetricsReport> {
    const { policy } = this.deps;
    const spec = policy.weeklyReview;
    const zone = spec ? reviewZone(policy, spec) : exportZone(policy);
    return this.reports.report(lastWeek(spec, zone, now), "tier");
  }
}
