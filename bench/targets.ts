/** The targets the benchmark checks, collected from each section and printed together at the end. */
import type { Engine } from "../src/db/connection.js";
import { printTable } from "./stats.js";

export interface TargetResult {
  section: number;
  target: string;
  figure: string;
  met: boolean;
}

export const verdict = (met: boolean): string => (met ? "met" : "missed");

export class Targets {
  private readonly results: TargetResult[] = [];

  /** Records a target's outcome and returns it, for the section's own notes. */
  add(result: TargetResult): TargetResult {
    this.results.push(result);
    return result;
  }

  print(): void {
    if (this.results.length === 0) return;
    const sorted = [...this.results].sort((a, b) => a.section - b.section);
    const met = sorted.filter((r) => r.met).length;
    printTable(
      "Targets (for the sections that ran)",
      [["section", "target", "figure", "verdict"], ...sorted.map((r) => [String(r.section), r.target, r.figure, verdict(r.met)])],
      [`${met} of ${sorted.length} met`],
    );
  }
}

/** Figures measured on both engines, printed side by side at the end. */
export class EngineTable {
  private readonly rows = new Map<string, { target: string; figures: Partial<Record<Engine, string>> }>();

  constructor(private readonly postgresSkipped: string | undefined) {}

  add(metric: string, engine: Engine, figure: string, target = ""): void {
    const row = this.rows.get(metric) ?? { target, figures: {} };
    row.figures[engine] = figure;
    if (target) row.target = target;
    this.rows.set(metric, row);
  }

  print(): void {
    if (this.rows.size === 0) return;
    const pgCell = (figure: string | undefined) => figure ?? (this.postgresSkipped ? "skipped" : "—");
    printTable(
      "SQLite and PostgreSQL side by side (the same measurement on each)",
      [["metric", "sqlite", "postgres", "target"], ...[...this.rows].map(([metric, r]) => [metric, r.figures.sqlite ?? "—", pgCell(r.figures.postgres), r.target])],
      this.postgresSkipped ? [`postgres: skipped (${this.postgresSkipped})`] : [],
    );
  }
}
