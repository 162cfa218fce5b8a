/** SLA durations as written in playbooks ("15m", "2 hours", "3 business days"). Pure: no clock. */

export type DurationUnit = "minutes" | "hours" | "days" | "business_days" | "weeks";

export interface SlaDuration {
  amount: number;
  unit: DurationUnit;
}

// Accepted spellings after lower-casing and collapsing whitespace/underscores to one space.
const UNIT_WORDS: Record<string, DurationUnit> = {
  m: "minutes", min: "minutes", mins: "minutes", minute: "minutes", minutes: "minutes",
  h: "hours", hr: "hours", hrs: "hours", hour: "hours", hours: "hours",
  d: "days", day: "days", days: "days",
  "business day": "business_days", "business days": "business_days",
  bd: "business_days",
  w: "weeks", wk: "weeks", wks: "weeks", week: "weeks", weeks: "weeks",
};

// Unsigned number only, so "-1h" (and "+1h") fall through to undefined.
const DURATION_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z][a-z _]*)$/;

/**
 * Parses "15m", "15 min", "15 minutes", "2h", "1.5h", "1d", "1 day", "24h", "3 business days",
 * "5 business day", "1w", "1 week". Zero is allowed ("0m"). Case-insensitive and whitespace
 * tolerant. Returns undefined for anything else (negative, missing unit, unknown unit, "").
 */
export function parseSlaDuration(text: string): SlaDuration | undefined {
  const match = DURATION_RE.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = UNIT_WORDS[match[2]!.replace(/[\s_]+/g, " ").trim()];
  if (!unit || !Number.isFinite(amount)) return undefined;
  return { amount, unit };
}

/** "15 min", "7.5 min", "2 h", "1 day", "3 days", "1 business day", "1.5 business days", "1 week". */
export function formatSlaDuration(d: SlaDuration): string {
  const n = tidy(d.amount);
  const plural = n === 1 ? "" : "s";
  switch (d.unit) {
    case "minutes":
      return `${n} min`;
    case "hours":
      return `${n} h`;
    case "days":
      return `${n} day${plural}`;
    case "business_days":
      return `${n} business day${plural}`;
    case "weeks":
      return `${n} week${plural}`;
  }
}

/**
 * Multiplies a duration (tier modifiers: Enterprise ×0.5, Trial ×2).
 * Minutes/hours and business days keep their unit (may become fractional: 15m×0.5 = 7.5 min,
 * 3 business days×0.5 = 1.5 business days; addSlaDuration understands fractional business days).
 * Days/weeks stay in their unit when the result is whole, otherwise become hours (24 h per day),
 * because "1.5 days" reads badly and hours are what people would write.
 */
export function scaleSlaDuration(d: SlaDuration, factor: number): SlaDuration {
  if (!Number.isFinite(factor) || factor < 0) throw new RangeError(`invalid SLA scale factor: ${factor}`);
  const amount = tidy(d.amount * factor);
  if ((d.unit === "days" || d.unit === "weeks") && !Number.isInteger(amount)) {
    const hoursPerUnit = d.unit === "days" ? 24 : 168;
    return { amount: tidy(d.amount * hoursPerUnit * factor), unit: "hours" };
  }
  return { amount, unit: d.unit };
}

/** Rounds away float noise (0.1 * 3 = 0.30000000000000004) so results compare and print cleanly. */
function tidy(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
