/**
 * A deadline explained step by step: which clock counts, when counting starts (an escalation
 * opened on a Saturday night starts counting on Monday morning), which open periods count, which
 * weekends, holidays and closed hours are skipped, and where it lands. Pure. It walks the calendar
 * the way addSlaDuration (business-calendar.ts) does and lands on the same instant; the tests hold
 * the two to that over many random times.
 */
import { DateTime } from "luxon";
import { BUSINESS_DAYS_WITHOUT_CALENDAR, calendarDay, type BusinessCalendar, type Weekday } from "./business-calendar.js";
import { formatSlaDuration, type SlaDuration } from "./sla-duration.js";

export type CalendarStepKind = "clock" | "start" | "count" | "skip" | "land";

export interface CalendarStep {
  kind: CalendarStepKind;
  text: string;
  /** The span the step is about (count, skip), or its instant (start, land). */
  from?: number;
  to?: number;
}

export interface DeadlineExplanation {
  due: number;
  steps: CalendarStep[];
}

export interface ExplainOptions {
  /** The calendar's name in the playbook, e.g. tier2-hours. */
  calendarName?: string;
  /** The zone times are shown in when the clock has no calendar (24/7). */
  displayZone?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MAX_CLOSED_DAYS = 400;
/** Past this many steps the middle ones are summed up in one. */
const MAX_STEPS = 40;
const DAY_NAMES: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };

/** "Thu 2026-12-24 18:00 PST" in `zone`. */
export function showTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("ccc yyyy-LL-dd HH:mm ZZZZ");
}

/** 9_000_000 → "2 h 30 min"; 0 → "0 min". */
export function showSpan(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const d = Math.floor(minutes / (24 * 60));
  const h = Math.floor((minutes % (24 * 60)) / 60);
  const m = minutes % 60;
  const parts = [...(d ? [`${d} day${d === 1 ? "" : "s"}`] : []), ...(h ? [`${h} h`] : []), ...(m || (!d && !h) ? [`${m} min`] : [])];
  return parts.join(" ");
}

function describeHours(cal: BusinessCalendar): string {
  const days = (Object.keys(DAY_NAMES) as Weekday[]).map((d) => [d, (cal.hours[d] ?? []).map((h) => `${h.start}–${h.end}`).join(", ")] as const);
  // Consecutive days with the same hours read as one span: "mon–fri 06:00–20:00".
  const spans: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1]![1] === days[i]![1]) j++;
    if (days[i]![1]) spans.push(`${days[i]![0]}${j > i ? `–${days[j]![0]}` : ""} ${days[i]![1]}`);
    i = j + 1;
  }
  return spans.join(", ") || "never open";
}

/** Why the calendar is closed from `from` to `to`: each local day it crosses, in the playbook's terms. */
export function describeClosed(from: number, to: number, cal: BusinessCalendar): string {
  const reasons: string[] = [];
  for (let day = calendarDay(from, cal); day.start < to; day = calendarDay(day.next, cal)) {
    const name = `${DAY_NAMES[day.weekday].slice(0, 3)} ${day.date}`;
    if (day.holiday) reasons.push(`${name} is a holiday`);
    else if (day.open.length === 0) reasons.push(`${name} closed all day${day.weekday === "sat" || day.weekday === "sun" ? " (weekend)" : ""}`);
    else {
      const hhmm = (ms: number) => DateTime.fromMillis(ms, { zone: cal.zone }).toFormat("HH:mm");
      const first = day.open[0]![0];
      const last = day.open[day.open.length - 1]![1];
      if (Math.min(to, day.next) <= first) reasons.push(`${name} before opening at ${hhmm(first)}`);
      else if (Math.max(from, day.start) >= last) reasons.push(`${name} after closing at ${hhmm(last)}`);
      else reasons.push(`${name} outside open hours (${(cal.hours[day.weekday] ?? []).map((h) => `${h.start}–${h.end}`).join(", ")})`);
    }
  }
  return reasons.join("; ");
}

/** Open intervals from `at` onward, clipped to start no earlier than `at`, as addSlaDuration walks them. */
function* openFrom(at: number, cal: BusinessCalendar): Generator<readonly [number, number]> {
  let closedRun = 0;
  for (let day = calendarDay(at, cal); ; day = calendarDay(day.next, cal)) {
    const open = day.open.filter(([, e]) => e > at);
    if (open.length === 0 && ++closedRun > MAX_CLOSED_DAYS) throw new Error(`calendar has no open hours within ${MAX_CLOSED_DAYS} days`);
    if (open.length > 0) closedRun = 0;
    for (const [s, e] of open) yield [Math.max(s, at), e];
  }
}

/** Counting `ms` of open time from `at`, with a step for every open period counted and every closed one skipped. */
function countOpenTime(at: number, ms: number, cal: BusinessCalendar, zone: string, steps: CalendarStep[], announceStart: boolean): number {
  let remaining = ms;
  let previousEnd: number | undefined;
  for (const [s, e] of openFrom(at, cal)) {
    const gapFrom = previousEnd ?? at;
    if (s > gapFrom) {
      if (previousEnd === undefined && announceStart) {
        steps.push({ kind: "start", from: s, text: `opened ${showTime(at, zone)}, outside open hours (${describeClosed(at, s, cal)}): counting starts ${showTime(s, zone)}` });
      } else {
        steps.push({ kind: "skip", from: gapFrom, to: s, text: `skips ${showTime(gapFrom, zone)} → ${showTime(s, zone)}: ${describeClosed(gapFrom, s, cal)}` });
      }
    } else if (previousEnd === undefined && announceStart) {
      steps.push({ kind: "start", from: s, text: `opened ${showTime(at, zone)}, inside open hours: counting starts at once` });
    }
    if (remaining <= e - s) {
      steps.push({ kind: "count", from: s, to: s + remaining, text: `counts ${showTime(s, zone)} → ${showTime(s + remaining, zone)}: ${showSpan(remaining)}, the last of it` });
      return s + remaining;
    }
    remaining -= e - s;
    steps.push({ kind: "count", from: s, to: e, text: `counts ${showTime(s, zone)} → ${showTime(e, zone)} (closing): ${showSpan(e - s)}, ${showSpan(remaining)} left` });
    previousEnd = e;
  }
  throw new Error("unreachable");
}

function calendarDays(at: number, days: number, cal: BusinessCalendar | null, zone: string, steps: CalendarStep[]): number {
  const whole = Math.floor(days);
  const rest = Math.round((days - whole) * DAY);
  if (!cal) {
    steps.push({ kind: "start", from: at, text: `opened ${showTime(at, zone)}: counting starts at once` });
    steps.push({ kind: "count", from: at, to: at + whole * DAY + rest, text: `adds ${whole} × 24 h${rest ? ` and ${showSpan(rest)}` : ""} around the clock` });
    return at + whole * DAY + rest;
  }
  const due = DateTime.fromMillis(at, { zone: cal.zone }).plus({ days: whole }).toMillis() + rest;
  steps.push({ kind: "start", from: at, text: `opened ${showTime(at, zone)}: calendar days count whole, open or not` });
  steps.push({
    kind: "count",
    from: at,
    to: due,
    text: `${whole} calendar day${whole === 1 ? "" : "s"} later at the same local time (${cal.zone}; weekends and holidays are not skipped)${rest ? `, plus ${showSpan(rest)}` : ""}`,
  });
  return due;
}

function businessDays(at: number, amount: number, cal: BusinessCalendar, zone: string, steps: CalendarStep[]): number {
  const [start] = openFrom(at, cal).next().value as readonly [number, number];
  steps.push({
    kind: "start",
    from: start,
    text: start === at ? `opened ${showTime(at, zone)}, inside open hours: counting starts at once` : `opened ${showTime(at, zone)}, outside open hours (${describeClosed(at, start, cal)}): counting starts ${showTime(start, zone)}`,
  });
  const whole = Math.floor(amount);
  const fraction = amount - whole;
  let day = calendarDay(start, cal);
  for (let left = whole, closedRun = 0; left > 0; ) {
    day = calendarDay(day.next, cal);
    const name = `${DAY_NAMES[day.weekday].slice(0, 3)} ${day.date}`;
    if (day.open.length > 0) {
      left--;
      closedRun = 0;
      steps.push({ kind: "count", from: day.start, to: day.next, text: `${name}: business day ${whole - left} of ${whole}` });
    } else {
      if (++closedRun > MAX_CLOSED_DAYS) throw new Error(`calendar has no open hours within ${MAX_CLOSED_DAYS} days`);
      steps.push({ kind: "skip", from: day.start, to: day.next, text: `${name} skipped: ${day.holiday ? "holiday" : `closed all day${day.weekday === "sat" || day.weekday === "sun" ? " (weekend)" : ""}`}` });
    }
  }
  let deadline = start;
  if (whole > 0) {
    const t = DateTime.fromMillis(start, { zone: cal.zone });
    const wanted = DateTime.fromMillis(day.start, { zone: cal.zone }).set({ hour: t.hour, minute: t.minute, second: t.second, millisecond: t.millisecond }).toMillis();
    const inside = day.open.find(([s, e]) => s <= wanted && wanted <= e);
    const later = day.open.find(([s]) => s > wanted);
    deadline = inside ? wanted : later ? later[0] : day.open[day.open.length - 1]![1];
    if (!inside) {
      steps.push({ kind: "count", from: wanted, to: deadline, text: `${t.toFormat("HH:mm")} is not open on ${day.date}: moves to ${later ? "its next opening" : "its last close"}, ${showTime(deadline, zone)}` });
    }
  }
  if (fraction <= 0) return deadline;
  const dayLength = day.open.reduce((sum, [s, e]) => sum + (e - s), 0);
  const extra = Math.round(fraction * dayLength);
  steps.push({ kind: "count", from: deadline, text: `and ${tidy(fraction)} of a business day: ${tidy(fraction)} × ${showSpan(dayLength)} open that day = ${showSpan(extra)} of open time` });
  return countOpenTime(deadline, extra, cal, zone, steps, false);
}

const tidy = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * `d` added to `at` on the clock `cal` (null: 24/7), with the reasoning. The same instant as
 * addSlaDuration(at, d, cal).
 */
export function explainSlaDeadline(at: number, d: SlaDuration, cal: BusinessCalendar | null, options: ExplainOptions = {}): DeadlineExplanation {
  if (!Number.isFinite(d.amount) || d.amount < 0) throw new RangeError(`invalid SLA amount: ${d.amount}`);
  const zone = cal?.zone ?? options.displayZone ?? "UTC";
  const steps: CalendarStep[] = [];
  const businessCal = d.unit === "business_days" ? (cal ?? BUSINESS_DAYS_WITHOUT_CALENDAR) : cal;
  steps.push({
    kind: "clock",
    text: businessCal
      ? `${formatSlaDuration(d)} on ${cal ? `the ${options.calendarName ?? "business"} calendar` : "business days without a calendar (Monday to Friday, UTC)"}: ${businessCal.zone}, open ${describeHours(businessCal)}${businessCal.holidays.length ? `; closed on ${businessCal.holidays.length} holiday${businessCal.holidays.length === 1 ? "" : "s"}` : ""}`
      : `${formatSlaDuration(d)} on the 24/7 clock: every hour counts`,
  });
  let due: number;
  switch (d.unit) {
    case "minutes":
    case "hours": {
      const ms = Math.round(d.amount * (d.unit === "minutes" ? MINUTE : HOUR));
      if (cal) {
        due = countOpenTime(at, ms, cal, zone, steps, true);
      } else {
        steps.push({ kind: "start", from: at, text: `opened ${showTime(at, zone)}: counting starts at once` });
        due = at + ms;
        steps.push({ kind: "count", from: at, to: due, text: `adds ${showSpan(ms)} around the clock` });
      }
      break;
    }
    case "days":
      due = calendarDays(at, d.amount, cal, zone, steps);
      break;
    case "weeks":
      due = calendarDays(at, d.amount * 7, cal, zone, steps);
      break;
    case "business_days":
      due = businessDays(at, d.amount, businessCal!, zone, steps);
      break;
  }
  steps.push({ kind: "land", from: due, text: `due ${showTime(due, zone)}` });
  return { due, steps: shorten(steps) };
}

/** A very long walk keeps its first and last steps; the middle ones are summed up. */
function shorten(steps: CalendarStep[]): CalendarStep[] {
  if (steps.length <= MAX_STEPS) return steps;
  const head = steps.slice(0, 20);
  const tail = steps.slice(-10);
  const middle = steps.slice(20, -10);
  const counted = middle.filter((s) => s.kind === "count").length;
  const skipped = middle.filter((s) => s.kind === "skip").length;
  return [...head, { kind: "count", text: `… ${counted} more open period${counted === 1 ? "" : "s"} counted and ${skipped} closed one${skipped === 1 ? "" : "s"} skipped …` }, ...tail];
}
