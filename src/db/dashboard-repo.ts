import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import type { DashboardFilter } from "../domain/dashboard-figures.js";
import { first, type Tx } from "./database.js";
import type { EscalationRow } from "./schema.js";

const OPEN = ["open", "acknowledged"] as const;

/** What the dashboard's live list reads: the open escalations matching its filter. */
export class DashboardRepo {
  constructor(private readonly tx: Tx) {}

  /** Up to `limit` open escalations matching `filter`, nearest resolution deadline first, and how many match in all. */
  async open(filter: DashboardFilter, limit: number): Promise<{ rows: EscalationRow[]; total: number }> {
    const e = this.tx.t.escalations;
    const where: SQL[] = [inArray(e.status, [...OPEN])];
    if (filter.severity) where.push(eq(e.severity, filter.severity));
    if (filter.tier) where.push(eq(e.tier, filter.tier));
    if (filter.category) where.push(eq(e.category, filter.category));
    const cond = and(...where);
    const rows = await this.tx.q.select().from(e).where(cond).orderBy(asc(e.resolutionDue), asc(e.id)).limit(limit);
    const total = rows.length < limit ? rows.length : Number(first(await this.tx.q.select({ n: count() }).from(e).where(cond))?.n ?? 0);
    return { rows, total };
  }
}
