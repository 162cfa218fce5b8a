import { formatEscalationId } from "./escalation-id.js";
import type { RepeatsSpec } from "./playbook/model.js";
import { formatSlaDuration, type SlaDuration } from "./sla-duration.js";

/**
 * Repeat escalations: the same customer escalated `count` times within the playbook's window (SaaS:
 * "3+ times in 30 days"). Pure: the earlier escalations are looked up by the caller (by the
 * customer's normalised name, domain/customer-name.ts) and handed in.
 */

/** How customers are matched, said wherever a repeat is. */
export const CUSTOMER_MATCH_RULE = "customers matched by name ignoring case, punctuation and suffixes like Corp/Inc";

/** What a repeat escalation keeps (the `repeat` column): enough to show it again on every re-render. */
export interface RepeatMark {
  /** This escalation is the customer's `nth` within the window, itself included. */
  nth: number;
  /** True when more earlier escalations were found than were read: `nth` is then a lower bound. */
  atLeast: boolean;
  /** The earlier escalations it may show, most recent first (at most MAX_EARLIER_SHOWN). */
  earlier: number[];
  /** The window as the playbook wrote it when this was decided ("30 days"). */
  within: string;
}

/** An earlier escalation of the same customer, as the look-up gives it. */
export interface EarlierEscalation {
  id: number;
  createdAt: number;
  restricted: boolean;
  /** Its primary channel as the playbook names it. */
  channel: string;
}

/** The escalations a repeat links to at most; more are counted, not listed. */
export const MAX_EARLIER_SHOWN = 10;
/** The earlier escalations read at most (one indexed range, newest first): enough to count any real repeat. */
export const MAX_EARLIER_READ = 50;

const MINUTE = 60_000;
const UNIT_MS: Record<Exclude<SlaDuration["unit"], "business_days">, number> = { minutes: MINUTE, hours: 60 * MINUTE, days: 24 * 60 * MINUTE, weeks: 7 * 24 * 60 * MINUTE };

/** A calendar window in milliseconds (the schema refuses business days for a window). */
export function windowMs(d: SlaDuration): number {
  if (d.unit === "business_days") throw new RangeError("a window is calendar time, not business days");
  return d.amount * UNIT_MS[d.unit];
}

/** Escalations opened at or after this instant count toward a repeat opened at `now`. */
export const repeatWindowStart = (spec: RepeatsSpec, now: number): number => now - windowMs(spec.within);

/**
 * Whether a new escalation (restricted or not, in `channel`) is a repeat, given the customer's
 * earlier escalations in the window (any order; those outside it are ignored). A restricted
 * escalation's customer is one of its details: it counts only toward a restricted escalation whose
 * details live in the same channel, so a repeat never tells anyone else that it exists.
 */
export function decideRepeat(
  spec: RepeatsSpec,
  now: number,
  fresh: { restricted: boolean; channel: string },
  earlier: readonly EarlierEscalation[],
  readAll = true,
): RepeatMark | undefined {
  const since = repeatWindowStart(spec, now);
  const counted = earlier
    .filter((e) => e.createdAt >= since && e.createdAt <= now)
    .filter((e) => !e.restricted || (fresh.restricted && e.channel === fresh.channel))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  const nth = counted.length + 1;
  if (nth < spec.count) return undefined;
  return { nth, atLeast: !readAll, earlier: counted.slice(0, MAX_EARLIER_SHOWN).map((e) => e.id), within: formatSlaDuration(spec.within) };
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

/** "3rd escalation for Acme Corp in 30 days" ("at least the 51st" when not all were read). */
export function repeatHeadline(mark: RepeatMark, customer: string): string {
  return `${mark.atLeast ? "at least the " : ""}${ordinal(mark.nth)} escalation for ${customer} in ${mark.within}`;
}

/**
 * The reason kept with the escalation's other reasons (its "Why"): the rule that matched and the
 * earlier escalations by id. The customer's name is the escalation's own, shown where it is.
 */
export function repeatReason(mark: RepeatMark, customer: string): string {
  const earlier = mark.earlier.map(formatEscalationId).join(", ");
  return `repeat: ${repeatHeadline(mark, customer)}${earlier ? ` (after ${earlier})` : ""} — ${CUSTOMER_MATCH_RULE}`;
}
