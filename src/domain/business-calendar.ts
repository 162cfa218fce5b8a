/**
 * SLA clocks on business hours. Pure: instants are epoch milliseconds passed in by the caller.
 * Local wall times are resolved per day through luxon, so an opening at 06:00 stays 06:00 local
 * across DST changes. Everything walks day by day over open intervals, never minute by minute.
 */
import { DateTime, IANAZone } from "luxon";
import type { SlaDuration } from "./sla-duration.js";

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface OpenHours {
  start: string; // "06:00"
  end: string; // "20:00"; "24:00" means midnight at the end of the day
}

export interface BusinessCalendar {
  zone: string; // IANA, e.g. "America/Los_Angeles"
  hours: Partial<Record<Weekday, OpenHours[]>>; // days missing or [] are closed
  holidays: string[]; // "2026-12-25" local dates, closed all day
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** nextOpening/addSlaDuration give up after this many consecutive closed days. */
const MAX_CLOSED_DAYS = 400;
// Index = luxon weekday (1 = Monday … 7 = Sunday).
const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** With no calendar, business days are Mon–Fri in UTC, open around the clock. */
const UTC_WEEKDAYS: BusinessCalendar = {
  zone: "UTC",
  hours: Object.fromEntries(
    WEEKDAYS.slice(0, 5).map((d) => [d, [{ start: "00:00", end: "24:00" }]]),
  ),
  holidays: [],
};

type Interval = readonly [start: number, end: number];

export function isValidZone(zone: string): boolean {
  return typeof zone === "string" && zone !== "" && IANAZone.isValidZone(zone);
}

/** Human-readable problems with a calendar (empty when valid); for config validation. */
export function validateCalendar(cal: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (!isValidZone(cal.zone)) problems.push(`unknown time zone "${cal.zone}"`);
  for (const [day, list] of Object.entries(cal.hours)) {
    if (!WEEKDAYS.includes(day as Weekday)) problems.push(`unknown weekday "${day}"`);
    for (const h of list ?? []) {
      const s = parseClock(h.start);
      const e = parseClock(h.end);
      if (s === undefined || e === undefined) problems.push(`${day}: bad time in ${h.start}-${h.end}`);
      else if (e <= s) problems.push(`${day}: ${h.start}-${h.end} ends before it starts`);
    }
  }
  for (const d of cal.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !DateTime.fromISO(d).isValid) problems.push(`bad holiday date "${d}"`);
  }
  return problems;
}

export function isOpenAt(at: number, cal: BusinessCalendar): boolean {
  return openIntervals(localDay(at, cal), cal).some(([s, e]) => s <= at && at < e);
}

/** The first instant >= at when the calendar is open (at itself when open). Throws if nothing opens within 400 days. */
export function nextOpening(at: number, cal: BusinessCalendar): number {
  for (const [s] of openIntervalsFrom(at, cal)) return s;
  throw new Error("unreachable");
}

/**
 * Adds a duration to `at`.
 * - cal null (24/7): minutes/hours/days/weeks are fixed milliseconds (a day is 86_400_000 ms);
 *   business days skip Saturdays and Sundays in UTC (documented fallback).
 * - With a calendar: minutes/hours count only open time. Days/weeks are calendar days of wall
 *   time in the calendar's zone (same local time of day, so a DST day is 23 h or 25 h).
 *   Business days: see addBusinessDays.
 */
export function addSlaDuration(at: number, d: SlaDuration, cal: BusinessCalendar | null): number {
  if (!Number.isFinite(d.amount) || d.amount < 0) throw new RangeError(`invalid SLA amount: ${d.amount}`);
  switch (d.unit) {
    case "minutes":
      return cal ? addOpenTime(at, Math.round(d.amount * MINUTE), cal) : at + Math.round(d.amount * MINUTE);
    case "hours":
      return cal ? addOpenTime(at, Math.round(d.amount * HOUR), cal) : at + Math.round(d.amount * HOUR);
    case "days":
      return addCalendarDays(at, d.amount, cal);
    case "weeks":
      return addCalendarDays(at, d.amount * 7, cal);
    case "business_days":
      return addBusinessDays(at, d.amount, cal ?? UTC_WEEKDAYS);
  }
}

/** Open time (ms) between two instants (0 if b <= a); with cal null, b - a. */
export function openTimeBetween(a: number, b: number, cal: BusinessCalendar | null): number {
  if (b <= a) return 0;
  if (!cal) return b - a;
  // Walk days directly (not openIntervalsFrom) so a closed span just yields 0 rather than throwing.
  let total = 0;
  for (let day = localDay(a, cal); day.toMillis() < b; day = nextDay(day, cal)) {
    for (const [s, e] of openIntervals(day, cal)) total += Math.max(0, Math.min(e, b) - Math.max(s, a));
  }
  return total;
}

/** One local day of a calendar as its clocks see it: its bounds, its date and its open intervals (sorted, merged). */
export interface CalendarDay {
  start: number;
  /** The start of the next local day (23 or 25 hours later across a DST change). */
  next: number;
  /** "2026-12-25", local. */
  date: string;
  weekday: Weekday;
  holiday: boolean;
  open: readonly Interval[];
}

/** The local day containing `at`, for explanations that walk the calendar the way the deadlines do. */
export function calendarDay(at: number, cal: BusinessCalendar): CalendarDay {
  const day = localDay(at, cal);
  const date = day.toISODate() ?? "";
  return {
    start: day.toMillis(),
    next: nextDay(day, cal).toMillis(),
    date,
    weekday: WEEKDAYS[day.weekday - 1]!,
    holiday: cal.holidays.includes(date),
    open: openIntervals(day, cal),
  };
}

/** The calendar used for business days when an escalation runs 24/7 (Mon–Fri, UTC). */
export const BUSINESS_DAYS_WITHOUT_CALENDAR: BusinessCalendar = UTC_WEEKDAYS;

// ---------------------------------------------------------------------------------------------

function addCalendarDays(at: number, days: number, cal: BusinessCalendar | null): number {
  const whole = Math.floor(days);
  const rest = Math.round((days - whole) * DAY);
  if (!cal) return at + whole * DAY + rest;
  return DateTime.fromMillis(at, { zone: checkedZone(cal) }).plus({ days: whole }).toMillis() + rest;
}

/** Moves forward by `ms` of open time. A deadline landing exactly on a close stays at the close. */
function addOpenTime(at: number, ms: number, cal: BusinessCalendar): number {
  let remaining = ms;
  for (const [s, e] of openIntervalsFrom(at, cal)) {
    if (remaining <= e - s) return s + remaining;
    remaining -= e - s;
  }
  throw new Error("unreachable");
}

/**
 * N business days = the same local time of day N business days later (a business day has open
 * hours and is not a holiday), starting from nextOpening(at). If that time of day is not open on
 * the target day (its hours differ), the deadline moves to the next opening that day, or to that
 * day's last close, so it never spills onto another day. A fractional remainder is that target
 * day's open length × fraction, counted in open time.
 */
function addBusinessDays(at: number, amount: number, cal: BusinessCalendar): number {
  const start = nextOpening(at, cal);
  const whole = Math.floor(amount);
  const fraction = amount - whole;
  const zone = checkedZone(cal);

  let day = localDay(start, cal);
  let intervals = openIntervals(day, cal);
  for (let left = whole, closedRun = 0; left > 0; ) {
    day = nextDay(day, cal);
    intervals = openIntervals(day, cal);
    if (intervals.length > 0) {
      left--;
      closedRun = 0;
    } else if (++closedRun > MAX_CLOSED_DAYS) {
      throw new Error(`calendar has no open hours within ${MAX_CLOSED_DAYS} days`);
    }
  }

  let deadline = start;
  if (whole > 0) {
    const t = DateTime.fromMillis(start, { zone });
    const wanted = day
      .set({ hour: t.hour, minute: t.minute, second: t.second, millisecond: t.millisecond })
      .toMillis();
    const inside = intervals.find(([s, e]) => s <= wanted && wanted <= e);
    const later = intervals.find(([s]) => s > wanted);
    deadline = inside ? wanted : later ? later[0] : intervals[intervals.length - 1]![1];
  }
  if (fraction <= 0) return deadline;
  const dayLength = intervals.reduce((sum, [s, e]) => sum + (e - s), 0);
  return addOpenTime(deadline, Math.round(fraction * dayLength), cal);
}

/** Open intervals from `at` onward, clipped to start no earlier than `at`. Throws after 400 closed days. */
function* openIntervalsFrom(at: number, cal: BusinessCalendar): Generator<Interval> {
  let closedRun = 0;
  for (let day = localDay(at, cal); ; day = nextDay(day, cal)) {
    const open = openIntervals(day, cal).filter(([, e]) => e > at);
    if (open.length === 0 && ++closedRun > MAX_CLOSED_DAYS) {
      throw new Error(`calendar has no open hours within ${MAX_CLOSED_DAYS} days`);
    }
    if (open.length > 0) closedRun = 0;
    for (const [s, e] of open) yield [Math.max(s, at), e];
  }
}

/**
 * Local midnight (start of the local day) containing `at`, in the calendar's zone. Finding it asks
 * the zone for its offset (Intl, the costly part of a deadline), so days are remembered: every UTC
 * offset in use is a whole number of quarter hours, so a local midnight always falls on a UTC
 * quarter hour and all instants of one quarter hour share their local day.
 */
function localDay(at: number, cal: BusinessCalendar): DateTime {
  const days = dayCache(cal);
  const key = Math.floor(at / QUARTER_HOUR);
  let day = days.byQuarter.get(key);
  if (!day) {
    if (days.byQuarter.size >= DAY_CACHE_SIZE) days.byQuarter.clear();
    day = DateTime.fromMillis(at, { zone: checkedZone(cal) }).startOf("day");
    days.byQuarter.set(key, day);
  }
  return day;
}

/** The local day after `day` (23 or 25 hours later across a DST change), remembered like localDay. */
function nextDay(day: DateTime, cal: BusinessCalendar): DateTime {
  const days = dayCache(cal);
  const key = day.toMillis();
  let next = days.next.get(key);
  if (!next) {
    if (days.next.size >= DAY_CACHE_SIZE) days.next.clear();
    next = day.plus({ days: 1 });
    days.next.set(key, next);
  }
  return next;
}

const QUARTER_HOUR = 15 * MINUTE;
const DAY_CACHE_SIZE = 20_000;
const dayCaches = new WeakMap<BusinessCalendar, { byQuarter: Map<number, DateTime>; next: Map<number, DateTime> }>();

function dayCache(cal: BusinessCalendar): { byQuarter: Map<number, DateTime>; next: Map<number, DateTime> } {
  let days = dayCaches.get(cal);
  if (!days) dayCaches.set(cal, (days = { byQuarter: new Map(), next: new Map() }));
  return days;
}

/**
 * Absolute open intervals of one local day, sorted and merged. Wall times are resolved on that
 * date, so DST is handled by luxon: a time skipped by spring-forward moves forward, and an
 * interval that vanishes entirely (02:00-03:00 on that day) is dropped.
 */
function openIntervals(day: DateTime, cal: BusinessCalendar): readonly Interval[] {
  // Resolving wall times in a zone is the costly part of every deadline, and the same few days
  // come up again and again: remember each day's intervals per calendar.
  let days = intervalCache.get(cal);
  if (!days) intervalCache.set(cal, (days = new Map()));
  const key = day.toMillis();
  let intervals = days.get(key);
  if (!intervals) {
    if (days.size >= INTERVAL_CACHE_DAYS) days.clear();
    intervals = computeOpenIntervals(day, cal);
    days.set(key, intervals);
  }
  return intervals;
}

const INTERVAL_CACHE_DAYS = 4_000;
const intervalCache = new WeakMap<BusinessCalendar, Map<number, readonly Interval[]>>();

function computeOpenIntervals(day: DateTime, cal: BusinessCalendar): readonly Interval[] {
  if (cal.holidays.includes(day.toISODate() ?? "")) return [];
  const hours = cal.hours[WEEKDAYS[day.weekday - 1]!] ?? [];
  const at = (minutes: number): number =>
    minutes === 24 * 60
      ? day.plus({ days: 1 }).startOf("day").toMillis()
      : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();

  const list: [number, number][] = [];
  for (const h of hours) {
    const s = parseClock(h.start);
    const e = parseClock(h.end);
    if (s === undefined || e === undefined || e <= s) {
      throw new Error(`invalid open hours ${h.start}-${h.end} (overnight ranges are not supported)`);
    }
    const range: [number, number] = [at(s), at(e)];
    if (range[1] > range[0]) list.push(range);
  }
  list.sort((x, y) => x[0] - y[0]);
  // Merge overlaps so open time is never counted twice.
  const merged: [number, number][] = [];
  for (const r of list) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  return merged;
}

/** "HH:MM" to minutes after midnight; "24:00" allowed (end of day). */
function parseClock(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/**
 * The calendar's zone as a luxon zone object, checked once per zone name: checking builds an
 * Intl.DateTimeFormat, far too slow to repeat on every deadline computed.
 */
const zones = new Map<string, IANAZone>();
function checkedZone(cal: BusinessCalendar): IANAZone {
  let zone = zones.get(cal.zone);
  if (!zone) {
    if (!isValidZone(cal.zone)) throw new Error(`unknown time zone "${cal.zone}"`);
    zone = IANAZone.create(cal.zone);
    zones.set(cal.zone, zone);
  }
  return zone;
}
