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
