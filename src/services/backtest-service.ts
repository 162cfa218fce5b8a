import { pagerDutyWasUsed, storedEscalationsOpenedIn } from "../db/backtest-reader.js";
import { replayEscalation } from "../domain/backtest.js";
import { BacktestTally, type BacktestSummary } from "../domain/backtest-tally.js";
import type { BusinessCalendar } from "../domain/business-calendar.js";
import type { Period } from "../domain/escalation-metrics.js";
import type { ServiceDeps } from "./use-case.js";

/**
 * The backtest: the escalations opened in a period replayed through another playbook (`policy`
 * here is the new one), read batch by batch so memory stays bounded whatever the history's size.
 * It changes nothing; the CLI opens the database read-only besides.
 */
export class BacktestService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "policy">) {}

  /** `onBatch` is told after each batch how many were replayed so far (the benchmark samples memory there). */
  async backtest(period: Period, onBatch?: (replayed: number) => void): Promise<{ summary: BacktestSummary; pagerDutyWasOn: boolean }> {
    const { db, policy } = this.deps;
    const tally = new BacktestTally();
    const pagerDutyWasOn = await pagerDutyWasUsed(db);
    // As the report does: an escalation's stored clock by its name in the playbook at hand.
    const calendarOf = (name: string): BusinessCalendar | null => (name === "24x7" ? null : (policy.calendars[name] ?? null));
    let replayed = 0;
    for await (const batch of storedEscalationsOpenedIn(db, period.since, period.until)) {
      for (const stored of batch) tally.add(replayEscalation(stored, policy, { period, calendarOf, pagerDutyWasOn }));
      replayed += batch.length;
      onBatch?.(replayed);
    }
    return { summary: tally.summary(), pagerDutyWasOn };
  }
}
