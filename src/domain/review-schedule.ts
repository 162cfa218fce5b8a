import { DateTime, type WeekdayNumbers } from "luxon";
import type { Weekday } from "./business-calendar.js";
import type { Period } from "./escalation-metrics.js";
import type { WeeklyReviewSpec } from "./playbook/review-model.js";

/**
 * When the weekly review falls: a day of the week and a local time in the playbook's zone, so it
 * stays at Monday 09:00 local across daylight-saving changes (a week is then 167 or 169 hours).
 * Each review covers the week since the previous one, so consecutive reviews tile time exactly.
 */

const ISO_WEEKDAY: Record<Weekday, WeekdayNumbers> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

const DAY_NAMES: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };

type Schedule = Pick<WeeklyReviewSpec, "day" | "at">;

function hourMinute(at: string): { hour: number; minute: number } {
  const [hour, minute] = at.split(":").map(Number) as [number, number];
  return { hour, minute };
}

/** The scheduled time in the ISO week of `local` (a local time that does not exist moves forward, as luxon does). */
function inWeekOf(local: DateTime, schedule: Schedule): DateTime {
  return local.set({ weekday: ISO_WEEKDAY[schedule.day], ...hourMinute(schedule.at), second: 0, millisecond: 0 });
}

/** The latest scheduled time at or before `now`. */
export function latestReviewAt(schedule: Schedule, zone: string, now: number): number {
  const local = DateTime.fromMillis(now, { zone });
  const thisWeek = inWeekOf(local, schedule);
  return (thisWeek.toMillis() <= now ? thisWeek : inWeekOf(local.minus({ weeks: 1 }), schedule)).toMillis();
}

/** The first scheduled time after `now`. */
export function nextReviewAfter(schedule: Schedule, zone: string, now: number): number {
  const local = DateTime.fromMillis(now, { zone });
  const thisWeek = inWeekOf(local, schedule);
  return (thisWeek.toMillis() > now ? thisWeek : inWeekOf(local.plus({ weeks: 1 }), schedule)).toMillis();
}

/** The week a review posted at `at` covers: from the scheduled time before it, up to `at`. */
export function reviewPeriod(schedule: Schedule, zone: string, at: number): Period {
  return { since: latestReviewAt(schedule, zone, at - 1), until: at };
}

/** How many scheduled times fall in (after, upTo]; at most `cap`, so a long-dead schedule costs little. */
export function reviewsBetween(schedule: Schedule, zone: string, after: number, upTo: number, cap = 1_000): number {
  let count = 0;
  for (let t = nextReviewAfter(schedule, zone, after); t <= upTo && count < cap; t = nextReviewAfter(schedule, zone, t)) count++;
  return count;
}

/** "Monday 09:00", as the playbook's schedule reads. */
export function describeSchedule(schedule: Schedule): string {
  return `${DAY_NAMES[schedule.day]} ${schedule.at}`;
}

/**
 * The last week a manager looks back on: the week the latest weekly review covered (so the App Home
 * shows the figures of that post), or, for a playbook without a review, the last whole week from
 * Monday 00:00 in the playbook's zone.
 */
export function lastWeek(schedule: Schedule | undefined, zone: string, now: number): Period {
  if (schedule) return reviewPeriod(schedule, zone, latestReviewAt(schedule, zone, now));
  const thisMonday = DateTime.fromMillis(now, { zone }).startOf("week");
  return { since: thisMonday.minus({ weeks: 1 }).toMillis(), until: thisMonday.toMillis() };
}
