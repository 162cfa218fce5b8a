/** The targets the benchmark checks, collected from each section and printed together at the end. */
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
