import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { openDatabase, type DatabaseLocation } from "../db/connection.js";
import { systemClock, type Clock } from "../domain/clock.js";
import { exportZone } from "../domain/escalation-export.js";
import { METRIC_DIMENSIONS, type MetricDimension } from "../domain/escalation-metrics.js";
import { REPORT_FORMATS, renderReport, type ReportFormat } from "../domain/metrics-render.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "../policy/loader.js";
import { ReportService } from "../services/report-service.js";
import type { CliIo } from "./policy-commands.js";

export const REPORT_USAGE =
  "escalation-bot report --since 30d|DATE [--until DATE] [--format table|csv|json|md] [--by severity|tier|category|level|customer|owner] [--policy FILE]";

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** A usage mistake: the message, and exit code 2. */
export class UsageError extends Error {}

/** `30d`, `12h`, `2w` before `now`, or a date/time (ISO 8601; a date without a zone is in `zone`). */
export function parseInstant(value: string, option: string, now: number, zone: string, relative: boolean): number {
  const ago = /^(\d{1,5})([hdw])$/.exec(value);
  if (ago && relative) return now - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS];
  const at = DateTime.fromISO(value, { zone, setZone: false });
  if (!at.isValid) throw new UsageError(`${option} must be ${relative ? "a span such as 30d, 12h or 2w, or " : ""}a date such as 2026-01-15 or 2026-01-15T09:00, not '${value}'`);
  return at.toMillis();
}

/**
 * `report --since 30d`: volume, MTTA and MTTR, SLA compliance, breaches and customers over a period,
 * the figures of domain/metrics-report.ts. Dates without a zone are in the playbook's zone. 0 when
 * printed, 2 for a wrong command line, 1 when the database or playbook cannot be read.
 */
export async function reportCommand(args: string[], io: CliIo, location: DatabaseLocation, env: NodeJS.ProcessEnv, clock: Clock = systemClock): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { since: { type: "string" }, until: { type: "string" }, format: { type: "string", default: "table" }, by: { type: "string", default: "severity" }, policy: { type: "string" } },
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\nusage: ${REPORT_USAGE}`);
    return 2;
  }
  const format = values.format as ReportFormat;
  const by = values.by as MetricDimension;
  const policy = loadPolicyFile(values.policy ?? (env.POLICY_FILE?.trim() || DEFAULT_POLICY_FILE));
  const zone = exportZone(policy);
  const now = clock.now();
  let since: number;
  let until: number;
  try {
    if (values.since === undefined) throw new UsageError("report needs --since, e.g. --since 30d");
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${REPORT_FORMATS.join(", ")}, not '${values.format}'`);
    if (!(METRIC_DIMENSIONS as readonly string[]).includes(by)) throw new UsageError(`--by must be ${METRIC_DIMENSIONS.join(", ")}, not '${values.by}'`);
    until = values.until === undefined ? now : parseInstant(values.until, "--until", now, zone, false);
    since = parseInstant(values.since, "--since", until, zone, true);
    if (since >= until) throw new UsageError(`--since must be before --until (${DateTime.fromMillis(since, { zone }).toISO()} is not before ${DateTime.fromMillis(until, { zone }).toISO()})`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\nusage: ${REPORT_USAGE}`);
    return 2;
  }
  const db = await openDatabase(location);
  try {
    const report = await new ReportService({ db, policy }).report({ since, until }, by);
    io.out(renderReport(report, format, zone).trimEnd());
    return 0;
  } finally {
    await db.close();
  }
}
