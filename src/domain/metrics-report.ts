import type { BusinessCalendar } from "./business-calendar.js";
import { normaliseCustomer } from "./customer-name.js";
import { dimensionOf, escalationFacts, figuresOf, type EscalationHistory, type Figures, type MetricDimension, type Period } from "./escalation-metrics.js";

export interface CustomerCount {
  /** The normalised name customers are matched by, and the names as written. */
  key: string;
  names: string[];
  count: number;
  ids: number[];
}

export interface Breach {
  id: number;
  customer: string;
  severity: string;
  tier: string;
  target: "first_response" | "resolution";
  at: number;
}

/** The figures of one period: what the report CLI prints (and the weekly review will post). */
export interface MetricsReport {
  period: Period;
  by: MetricDimension;
  volume: { total: number; bySeverity: Record<string, number>; byCategory: Record<string, number> };
  overall: Figures;
  groups: { key: string; figures: Figures }[];
  breaches: Breach[];
  topCustomers: CustomerCount[];
  /** Customers escalated at least twice in the period. */
  repeatCustomers: CustomerCount[];
}

export const TOP_CUSTOMERS = 5;

/**
 * The report of `histories` over `period`: each escalation's facts (escalation-metrics.ts),
 * summed overall and per value of `by`. `calendarOf` names the calendar of an escalation's clock
 * (null for 24/7).
 */
export function buildMetricsReport(
  histories: readonly EscalationHistory[],
  period: Period,
  by: MetricDimension,
  calendarOf: (clock: string) => BusinessCalendar | null,
): MetricsReport {
  const facts = histories.map((h) => ({ h, f: escalationFacts(h, period, calendarOf(h.escalation.clock)) }));
  const opened = facts.filter(({ f }) => f.opened).map(({ h }) => h.escalation);

  const tally = (key: (s: string) => string) => (acc: Record<string, number>, value: string) => ({ ...acc, [key(value)]: (acc[key(value)] ?? 0) + 1 });
  const volume = {
    total: opened.length,
    bySeverity: opened.map((e) => e.severity).reduce(tally((s) => s), {}),
    byCategory: opened.map((e) => e.category).reduce(tally((s) => s), {}),
  };

  const groupKeys = [...new Set(facts.map(({ h }) => dimensionOf(h.escalation, by)))].sort();
  const groups = groupKeys.map((key) => ({ key, figures: figuresOf(facts.filter(({ h }) => dimensionOf(h.escalation, by) === key).map(({ f }) => f)) }));

  const breaches: Breach[] = facts
    .flatMap(({ h, f }) => {
      const e = h.escalation;
      const base = { id: e.id, customer: e.customer, severity: e.severity, tier: e.tier };
      return [
        ...(f.firstResponseMissedAt !== null ? [{ ...base, target: "first_response" as const, at: f.firstResponseMissedAt }] : []),
        ...(f.breachedAt !== null ? [{ ...base, target: "resolution" as const, at: f.breachedAt }] : []),
      ];
    })
    .sort((a, b) => a.at - b.at || a.id - b.id);

  const customers = new Map<string, CustomerCount>();
  for (const e of opened) {
    const key = normaliseCustomer(e.customer);
    const entry = customers.get(key) ?? { key, names: [], count: 0, ids: [] };
    entry.count += 1;
    entry.ids.push(e.id);
    if (!entry.names.includes(e.customer)) entry.names.push(e.customer);
    customers.set(key, entry);
  }
  const ranked = [...customers.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

  return {
    period,
    by,
    volume,
    overall: figuresOf(facts.map(({ f }) => f)),
    groups,
    breaches,
    topCustomers: ranked.slice(0, TOP_CUSTOMERS),
    repeatCustomers: ranked.filter((c) => c.count >= 2),
  };
}
