import { DashboardRepo } from "../db/dashboard-repo.js";
import type { Db } from "../db/connection.js";
import type { EscalationRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { buildDashboardFigures, buildOpenList, type Bucket, type DashboardFigures, type DashboardFilter, type OpenList } from "../domain/dashboard-figures.js";
import type { Period } from "../domain/escalation-metrics.js";
import { exportZone } from "../domain/escalation-export.js";
import type { Policy } from "../domain/playbook/model.js";
import { ReportService } from "./report-service.js";

/** Open escalations the live list reads at most; more are counted ("and 40 more"). */
export const OPEN_READ_LIMIT = 300;

/** May the viewer see this restricted escalation's details? Asked once per restricted escalation read. */
export type RestrictedCheck = (esc: EscalationRow) => Promise<boolean>;

/**
 * What the dashboard shows, read now: the report's figures for a period (through ReportService, so
 * they are the figures of `escalation-bot report` and the weekly review), and the open escalations.
 * Read-only: no transaction holds a lock.
 */
export class DashboardService {
  private readonly reports: ReportService;
  /** Days and weeks are the playbook's, as the report's dates are. */
  readonly zone: string;

  constructor(private readonly deps: { db: Db; policy: Policy; clock: Clock }) {
    this.reports = new ReportService(deps);
    this.zone = exportZone(deps.policy);
  }

  now(): number {
    return this.deps.clock.now();
  }

  async figures(q: { period: Period; bucket: Bucket; filter: DashboardFilter }, maySee: RestrictedCheck): Promise<DashboardFigures> {
    const histories = await this.reports.histories(q.period);
    const seen = await decide(histories.map((h) => h.escalation as EscalationRow), maySee);
    return buildDashboardFigures(histories, { ...q, zone: this.zone, calendarOf: this.reports.calendarOf, maySee: (esc) => seen.has(esc.id) });
  }

  async open(filter: DashboardFilter, maySee: RestrictedCheck): Promise<{ now: number; list: OpenList<EscalationRow> }> {
    const now = this.deps.clock.now();
    const read = await this.deps.db.read((tx) => new DashboardRepo(tx).open(filter, OPEN_READ_LIMIT));
    const seen = await decide(read.rows, maySee);
    return { now, list: buildOpenList(read, { now, policy: this.deps.policy, maySee: (esc) => seen.has(esc.id) }) };
  }
}

/** The ids of the restricted escalations among `rows` the viewer may see. */
async function decide(rows: readonly EscalationRow[], maySee: RestrictedCheck): Promise<Set<number>> {
  const seen = new Set<number>();
  for (const esc of rows) if (esc.restricted && !seen.has(esc.id) && (await maySee(esc))) seen.add(esc.id);
  return seen;
}
