import { EscalationRepo } from "../db/escalation-repo.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { MetricDimension, Period } from "../domain/escalation-metrics.js";
import { buildMetricsReport, type MetricsReport } from "../domain/metrics-report.js";
import type { ServiceDeps } from "./use-case.js";

/**
 * Reports: the escalations opened or resolved in a period with their timelines, read in one go,
 * and the figures the domain computes from them. It changes nothing, so it takes no lock.
 */
export class ReportService {
  constructor(private readonly deps: ServiceDeps) {}

  async report(period: Period, by: MetricDimension): Promise<MetricsReport> {
    const histories = await this.deps.db.read(async (tx) => {
      const escalations = await new EscalationRepo(tx).createdOrResolvedIn(period.since, period.until);
      const events = await new TimelineRepo(tx).historiesOf(escalations.map((e) => e.id));
      return escalations.map((escalation) => ({ escalation, events: events.get(escalation.id) ?? [] }));
    });
    // An escalation's clock is named on its row; "24x7" (or a calendar since removed) counts every hour.
    return buildMetricsReport(histories, period, by, (clock) => (clock === "24x7" ? null : (this.deps.policy.calendars[clock] ?? null)));
  }
}
