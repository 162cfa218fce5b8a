import { EscalationRepo } from "../db/escalation-repo.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { BusinessCalendar } from "../domain/business-calendar.js";
import type { EscalationHistory, MetricDimension, Period } from "../domain/escalation-metrics.js";
import { buildMetricsReport, type MetricsReport } from "../domain/metrics-report.js";
import type { ServiceDeps } from "./use-case.js";

/**
 * Reports: the escalations opened or resolved in a period with their timelines, read in one go,
 * and the figures the domain computes from them. It changes nothing, so it takes no lock. The
 * weekly review reads its weeks through the same two methods, so both show the same figures.
 */
export class ReportService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "policy">) {}

  async report(period: Period, by: MetricDimension): Promise<MetricsReport> {
    return buildMetricsReport(await this.histories(period), period, by, this.calendarOf);
  }

  /** What a report of `period` reads: the escalations opened or resolved in it, with their timelines. */
  histories(period: Period): Promise<EscalationHistory[]> {
    return this.deps.db.read(async (tx) => {
      const escalations = await new EscalationRepo(tx).createdOrResolvedIn(period.since, period.until);
      const events = await new TimelineRepo(tx).historiesOf(escalations.map((e) => e.id));
      return escalations.map((escalation) => ({ escalation, events: events.get(escalation.id) ?? [] }));
    });
  }

  /** An escalation's clock is named on its row; "24x7" (or a calendar since removed) counts every hour. */
  readonly calendarOf = (clock: string): BusinessCalendar | null => (clock === "24x7" ? null : (this.deps.policy.calendars[clock] ?? null));
}
