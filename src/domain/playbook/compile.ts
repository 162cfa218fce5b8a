import type { BusinessCalendar, OpenHours, Weekday } from "../business-calendar.js";
import type { CalendarSpec, Policy, PolicyFile } from "./model.js";

/**
 * A checked playbook file turned into the Policy the domain runs: pure, apart from the YAML adapter
 * (src/policy/), so the delivery thread can rebuild the playbook it is handed without loading YAML.
 */

const DAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** "mon" → [mon]; "mon-fri" → [mon..fri]. */
export function expandDays(key: string): Weekday[] | undefined {
  const [from, to] = key.toLowerCase().split("-").map((s) => s.trim()) as [string, string | undefined];
  const a = DAYS.indexOf(from as Weekday);
  const b = to === undefined ? a : DAYS.indexOf(to as Weekday);
  if (a < 0 || b < 0 || b < a) return undefined;
  return DAYS.slice(a, b + 1);
}

export function toCalendar(spec: CalendarSpec): BusinessCalendar {
  const hours: Partial<Record<Weekday, OpenHours[]>> = {};
  for (const [key, value] of Object.entries(spec.hours)) {
    const ranges = (Array.isArray(value) ? value : [value]).map((r) => {
      const [start, end] = r.split("-").map((s) => s.trim()) as [string, string];
      return { start, end };
    });
    for (const day of expandDays(key) ?? []) hours[day] = [...(hours[day] ?? []), ...ranges];
  }
  return { zone: spec.zone, hours, holidays: spec.holidays };
}

export function compilePolicy(p: PolicyFile, source: string, notes: Record<string, string> = {}): Policy {
  const calendars = Object.fromEntries(Object.entries(p.calendars).map(([k, v]) => [k, toCalendar(v)]));
  return { ...p, source, calendars, calendarSpecs: p.calendars, notes, playbookSource: p.source };
}

/**
 * The playbook as plain data (it survives structuredClone, e.g. to the delivery thread), and back.
 * The copy is the very playbook this process runs, even if its file has changed since.
 */
export function policyAsData(policy: Policy): { file: PolicyFile; source: string; notes: Record<string, string> } {
  const { source, calendars: _compiled, calendarSpecs, notes, playbookSource, ...rest } = policy;
  return { file: { ...rest, calendars: calendarSpecs, source: playbookSource }, source, notes };
}

export function policyFromData(data: { file: PolicyFile; source: string; notes?: Record<string, string> }): Policy {
  return compilePolicy(data.file, data.source, data.notes ?? {});
}
