/** Small helpers for the benchmark: percentiles and plain-text tables. */

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Milliseconds with a precision that suits their size. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return "—";
  if (v < 1) return `${v.toFixed(3)} ms`;
  if (v < 100) return `${v.toFixed(2)} ms`;
  return `${v.toFixed(0)} ms`;
}

export function num(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return "—";
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function mb(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Prints a titled table; the first row is the header, numbers are right-aligned. */
export function printTable(title: string, rows: readonly (readonly string[])[], notes: readonly string[] = []): void {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const numeric = (s: string) => /^[-+]?[\d.,]+(\s?(ms|MB|×|%|\/s))?$|^—$/.test(s.trim()) || /^[\d.,]+ (ms|MB)$/.test(s);
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i > 0 && numeric(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ");
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  console.log("");
  console.log(title);
  console.log("=".repeat(title.length));
  rows.forEach((row, i) => {
    console.log(line(row));
    if (i === 0) console.log(rule);
  });
  for (const note of notes) console.log(`  ${note}`);
}

export function sleep(msec: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msec));
}

/**
 * BENCH_QUICK=1 runs every section small (10k stored, short rows): for checking the benchmark
 * itself after a change, never for figures.
 */
export const QUICK = process.env.BENCH_QUICK === "1";
export const scaled = <T>(full: T, quick: T): T => (QUICK ? quick : full);
