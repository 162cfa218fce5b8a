import { csvLine } from "../domain/csv.js";
import type { DashTable } from "./tables.js";

/**
 * The CSV of what the page shows: one line per table cell (`table,row,column,value`), with the
 * texts the page shows, so a spreadsheet filters and pivots it and nothing in it differs from the
 * screen. Cells a spreadsheet would run as formulas are neutralised (domain/csv.ts).
 */
export function dashboardCsv(tables: readonly DashTable[]): string {
  const lines = [csvLine(["table", "row", "column", "value"])];
  for (const t of tables) {
    for (const r of t.rows) r.cells.forEach((cell, i) => lines.push(csvLine([t.caption, r.header, t.columns[i + 1] ?? "", cell])));
  }
  return `${lines.join("\r\n")}\r\n`;
}
