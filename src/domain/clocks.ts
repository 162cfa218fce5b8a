/** Snooze choices offered on a progress-update reminder, in minutes. */
export const SNOOZE_MINUTES = [30, 60, 90] as const;

/** When the "resolution target about to be missed" warning fires: `share` of the way to it. */
export function resolutionWarnAt(openedAt: number, resolutionDue: number, share: number): number {
  return openedAt + Math.floor((resolutionDue - openedAt) * share);
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
