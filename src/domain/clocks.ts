import { addSlaDuration, openTimeBetween, type BusinessCalendar } from "./business-calendar.js";

/** Snooze choices offered on a progress-update reminder, in minutes. */
export const SNOOZE_MINUTES = [30, 60, 90] as const;

/**
 * When the "resolution target about to be missed" warning fires: `share` of the way to it, counted
 * on the escalation's clock (75 % of a 24 business-hour target is 18 business hours in, not three
 * quarters of the nights and weekends between).
 */
export function resolutionWarnAt(openedAt: number, resolutionDue: number, share: number, calendar: BusinessCalendar | null = null): number {
  const open = calendar ? openTimeBetween(openedAt, resolutionDue, calendar) : 0;
  if (!calendar || open === 0) return openedAt + Math.floor((resolutionDue - openedAt) * share);
  return addSlaDuration(openedAt, { unit: "minutes", amount: Math.floor(open * share) / 60_000 }, calendar);
}

/**
 * How long a snooze really lasts: the asked minutes, but never past the next SLA deadline still
 * pending, so a snoozed reminder cannot hide a deadline.
 */
export function snoozeUntil(now: number, minutes: number, pendingDeadlines: readonly (number | null)[]): number {
  const wanted = now + minutes * 60_000;
  const next = pendingDeadlines.filter((d): d is number => d !== null && d > now);
  return next.length === 0 ? wanted : Math.min(wanted, ...next);
}

/**
 * Time between two instants as the escalation's clock counts it: all of it on a 24/7 clock, only
 * the open hours on a business-hours one (a wait over a weekend costs a business clock nothing).
 */
export function clockTimeBetween(from: number, to: number, calendar: BusinessCalendar | null): number {
  if (to <= from) return 0;
  return calendar ? openTimeBetween(from, to, calendar) : to - from;
}

/** `at` moved later by `ms` of the escalation's clock (open hours on a business-hours clock). */
export function addClockTime(at: number, ms: number, calendar: BusinessCalendar | null): number {
  if (ms <= 0) return at;
  return calendar ? addSlaDuration(at, { unit: "minutes", amount: ms / 60_000 }, calendar) : at + ms;
}
