import { DateTime } from "luxon";
import type { Escalation, TimerKind } from "./escalation.js";
import { maySeeRestricted, type Actor } from "./permissions.js";
import { severityRank } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";

/**
 * A person's App Home, decided from stored escalations: what is theirs, what is at risk, how many
 * are open by severity, what was resolved lately. Pure: the caller reads the rows (a snapshot) and
 * says who the viewer is to each restricted one; the view (slack/views/home-view.ts) draws the model.
 */

/** "At risk": an SLA deadline within this long, or already missed. */
export const AT_RISK_WITHIN_MS = 2 * 60 * 60_000;
/** "Recently resolved": resolved within this long. */
export const RECENTLY_RESOLVED_MS = 7 * 24 * 60 * 60_000;
/** Rows shown per list; the rest are counted ("and 3 more"), which keeps the view far below Slack's 100 blocks. */
export const HOME_SHOWN = { mine: 10, atRisk: 10, resolved: 5 } as const;

export type DeadlineKind = "first_response" | "next_update" | "resolution";

/** The next promise the escalation has to keep, and whether it is already late. */
export interface NextDeadline {
  kind: DeadlineKind;
  at: number;
  overdue: boolean;
}

type HomeEscalation = Pick<
  Escalation,
  "id" | "status" | "severity" | "acknowledgedBy" | "ownerId" | "firstResponseDue" | "nextUpdateDue" | "resolutionDue" | "breachedAt" | "pausedAt" | "pausedTimers" | "resolvedAt" | "restricted"
>;

/** A clock stopped while waiting on the customer is no deadline until it runs again. */
const stopped = (esc: HomeEscalation, timer: TimerKind) => esc.pausedAt !== null && esc.pausedTimers.includes(timer);

/**
 * The earliest of the SLA deadlines still running: the first response until someone acknowledges
 * it, the next progress update, the resolution until it is breached (a breach is shown as such).
 */
export function nextDeadline(esc: HomeEscalation, now: number): NextDeadline | undefined {
  if (esc.status === "resolved") return undefined;
  const candidates: { kind: DeadlineKind; at: number }[] = [];
  if (esc.acknowledgedBy === null) candidates.push({ kind: "first_response", at: esc.firstResponseDue });
  if (esc.nextUpdateDue !== null && !stopped(esc, "update")) candidates.push({ kind: "next_update", at: esc.nextUpdateDue });
  if (esc.breachedAt === null && !stopped(esc, "resolution_breach")) candidates.push({ kind: "resolution", at: esc.resolutionDue });
  const next = candidates.sort((a, b) => a.at - b.at)[0];
  return next ? { ...next, overdue: next.at <= now } : undefined;
}

/**
 * At risk: its resolution SLA was breached, or a first response or resolution deadline is at most
 * two hours away (or passed). Progress updates are left out on purpose: a Sev 1's hourly cadence
 * would put every Sev 1 here all the time, and a late update is a reminder, not a breach.
 */
export function isAtRisk(esc: HomeEscalation, now: number): boolean {
  if (esc.status === "resolved") return false;
  if (esc.breachedAt !== null) return true;
  const horizon = now + AT_RISK_WITHIN_MS;
  if (esc.acknowledgedBy === null && esc.firstResponseDue <= horizon) return true;
  return !stopped(esc, "resolution_breach") && esc.resolutionDue <= horizon;
}

/** Mine: open, and owned or acknowledged by the viewer. */
export const isMine = (esc: HomeEscalation, userId: string): boolean => esc.status !== "resolved" && (esc.ownerId === userId || esc.acknowledgedBy === userId);

/** What the caller read for one viewer; each list's rows may be fewer than its total (a read limit). */
export interface HomeSnapshot<E extends HomeEscalation = Escalation> {
  /** Open escalations the viewer owns or acknowledged. */
  mine: { rows: E[]; total: number };
  /** Open escalations that may be at risk (breached, or a first response or resolution within 2 h, paused ones included). */
  atRisk: { rows: E[]; total: number };
  /** Open escalations per severity id, restricted ones included. */
  openBySeverity: Readonly<Record<string, number>>;
  /** Every open restricted escalation, so the counts leave out those the viewer may not see. */
  restrictedOpen: E[];
  /** Resolved within RECENTLY_RESOLVED_MS, newest first. */
  resolved: { rows: E[]; total: number };
}

export interface HomeList<E> {
  rows: { esc: E; next: NextDeadline | undefined }[];
  /** How many more there are than shown. */
  more: number;
}

export interface HomeModel<E extends HomeEscalation = Escalation> {
  viewer: string;
  now: number;
  mine: HomeList<E>;
  atRisk: HomeList<E>;
  bySeverity: { severity: string; count: number }[];
  openTotal: number;
  resolved: HomeList<E>;
}

/**
 * The Home of `viewer` from a snapshot. A restricted escalation is shown (and counted) only when
 * the viewer may see its details (domain/permissions.ts maySeeRestricted, with the facts in
 * `actors`); one the caller found no facts for stays hidden.
 */
export function buildHomeModel<E extends HomeEscalation & Parameters<typeof maySeeRestricted>[0]>(
  snapshot: HomeSnapshot<E>,
  ctx: { viewer: string; now: number; policy: Policy; actors: ReadonlyMap<number, Actor> },
): HomeModel<E> {
  const { viewer, now, policy } = ctx;
  const visible = (esc: E) => {
    if (!esc.restricted) return true;
    const actor = ctx.actors.get(esc.id);
    return actor !== undefined && maySeeRestricted(esc, actor, policy);
  };
  const hidden = snapshot.restrictedOpen.filter((esc) => !visible(esc));
  const urgent = (a: { esc: E; next: NextDeadline | undefined }, b: { esc: E; next: NextDeadline | undefined }) =>
    Number(b.esc.breachedAt !== null) - Number(a.esc.breachedAt !== null) ||
    (a.next?.at ?? Number.POSITIVE_INFINITY) - (b.next?.at ?? Number.POSITIVE_INFINITY) ||
    severityRank(policy, a.esc.severity) - severityRank(policy, b.esc.severity) ||
    a.esc.id - b.esc.id;
  const list = (rows: E[], total: number, shown: number, sort: typeof urgent | undefined): HomeList<E> => {
    const all = rows.map((esc) => ({ esc, next: nextDeadline(esc, now) }));
    if (sort) all.sort(sort);
    const kept = all.slice(0, shown);
    return { rows: kept, more: Math.max(0, total - kept.length) };
  };

  const mineRows = snapshot.mine.rows.filter((e) => visible(e) && isMine(e, viewer));
  const mineTotal = snapshot.mine.total - hidden.filter((e) => isMine(e, viewer)).length;
  const riskRows = snapshot.atRisk.rows.filter((e) => visible(e) && isAtRisk(e, now));
  // Candidates beyond the read limit are counted as the query counted them (paused ones included).
  const riskTotal = riskRows.length + Math.max(0, snapshot.atRisk.total - snapshot.atRisk.rows.length);
  const resolvedRows = snapshot.resolved.rows.filter(visible);
  const resolvedTotal = snapshot.resolved.total - (snapshot.resolved.rows.length - resolvedRows.length);

  const bySeverity = policy.severities.map((s) => ({
    severity: s.id,
    count: Math.max(0, (snapshot.openBySeverity[s.id] ?? 0) - hidden.filter((e) => e.severity === s.id).length),
  }));
  // A severity the playbook no longer has still counts in the total.
  const known = new Set(policy.severities.map((s) => s.id));
  const unknown = Object.entries(snapshot.openBySeverity).filter(([id]) => !known.has(id));
  const openTotal = bySeverity.reduce((n, s) => n + s.count, 0) + unknown.reduce((n, [id, c]) => n + Math.max(0, c - hidden.filter((e) => e.severity === id).length), 0);

  return {
    viewer,
    now,
    mine: list(mineRows, mineTotal, HOME_SHOWN.mine, urgent),
    atRisk: list(riskRows, riskTotal, HOME_SHOWN.atRisk, urgent),
    bySeverity,
    openTotal,
    resolved: list(resolvedRows, resolvedTotal, HOME_SHOWN.resolved, (a, b) => (b.esc.resolvedAt ?? 0) - (a.esc.resolvedAt ?? 0) || b.esc.id - a.esc.id),
  };
}

/**
 * An instant as the viewer reads it in their own zone: "today 14:30 CET", "tomorrow 09:00 CET",
 * "yesterday 17:05 EST" or "Tue 8 Dec 14:30 CET". An unknown zone falls back to UTC, named.
 */
export function zonedTime(at: number, now: number, zone: string): string {
  const valid = DateTime.fromMillis(now, { zone }).isValid ? zone : "UTC";
  const t = DateTime.fromMillis(at, { zone: valid }).setLocale("en-GB");
  const today = DateTime.fromMillis(now, { zone: valid }).startOf("day");
  const days = Math.round(t.startOf("day").diff(today, "days").days);
  const day = days === 0 ? "today" : days === 1 ? "tomorrow" : days === -1 ? "yesterday" : t.toFormat("ccc d LLL");
  return `${day} ${t.toFormat("HH:mm")} ${t.toFormat("ZZZZ")}`;
}
