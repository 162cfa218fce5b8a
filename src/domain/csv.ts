/**
 * One CSV cell, as every CSV the bot writes spells it: quoted when it holds a comma, quote or line
 * break; and neutralised when it starts with = + - @ (or a tab or carriage return), which a
 * spreadsheet would otherwise run as a formula. A customer named "=HYPERLINK(…)" stays text.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV line of these cells (no line break). */
export const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(",");
