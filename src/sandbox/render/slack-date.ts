import { DateTime } from "luxon";

export interface DateContext {
  /** IANA zone the reader sees times in; an unknown zone falls back to UTC. */
  timeZone: string;
  /** Now in epoch milliseconds, for the pretty forms and {ago}. */
  now: number;
}

const LOCALE = "en-US";

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

function inZone(ms: number, timeZone: string): DateTime {
  const dt = DateTime.fromMillis(ms, { zone: timeZone, locale: LOCALE });
  return dt.isValid ? dt : DateTime.fromMillis(ms, { zone: "UTC", locale: LOCALE });
}

/** Calendar days from `now` to `dt` in dt's zone; rounded because DST days are 23 or 25 hours. */
function dayOffset(dt: DateTime, now: DateTime): number {
  return Math.round(dt.startOf("day").diff(now.startOf("day"), "days").days);
}

function pretty(dt: DateTime, now: DateTime, otherwise: string): string {
  switch (dayOffset(dt, now)) {
    case 0:
      return "Today";
    case -1:
      return "Yesterday";
    case 1:
      return "Tomorrow";
    default:
      return otherwise;
  }
}

const UNITS: readonly [string, number][] = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 minutes ago" / "in 2 hours": the largest whole unit, counted down (like Slack, never rounded up). */
export function ago(thenMs: number, nowMs: number): string {
  const seconds = Math.floor(Math.abs(nowMs - thenMs) / 1000);
  const future = thenMs > nowMs;
  for (const [unit, size] of UNITS) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      const phrase = `${n} ${unit}${n === 1 ? "" : "s"}`;
      return future ? `in ${phrase}` : `${phrase} ago`;
    }
  }
  return "just now";
}

/**
 * Slack's `<!date^…^format|fallback>` tokens, rendered in ctx.timeZone. Text that is not a
 * known token (including unknown `{tokens}`) is kept literally.
 */
export function formatSlackDate(epochSeconds: number, format: string, ctx: DateContext): string {
  const ms = epochSeconds * 1000;
  const dt = inZone(ms, ctx.timeZone);
  const now = inZone(ctx.now, dt.zoneName ?? "UTC");
  const date = () => `${dt.toFormat("MMMM")} ${ordinal(dt.day)}, ${dt.year}`;
  const dateShort = () => dt.toFormat("MMM d, yyyy");
  const dateLong = () => `${dt.toFormat("EEEE, MMMM")} ${ordinal(dt.day)}, ${dt.year}`;
  const tokens: Record<string, () => string> = {
    date_num: () => dt.toFormat("yyyy-MM-dd"),
    date: date,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: () => pretty(dt, now, date()),
    date_short_pretty: () => pretty(dt, now, dateShort()),
    date_long_pretty: () => pretty(dt, now, dateLong()),
    time: () => dt.toFormat("h:mm a"),
    time_secs: () => dt.toFormat("h:mm:ss a"),
    ago: () => ago(ms, ctx.now),
  };
  return format.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const token = Object.hasOwn(tokens, name) ? tokens[name] : undefined;
    return token ? token() : whole;
  });
}
