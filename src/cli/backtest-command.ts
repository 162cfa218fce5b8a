import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { openDatabase, type DatabaseLocation } from "../db/connection.js";
import { migrationStatus } from "../db/maintenance.js";
import { systemClock, type Clock } from "../domain/clock.js";
import { exportZone } from "../domain/escalation-export.js";
import type { Policy } from "../domain/playbook/model.js";
import { loadPolicyFile, PolicyError } from "../policy/loader.js";
import { BacktestService } from "../services/backtest-service.js";
import { BACKTEST_FORMATS, renderBacktest, type BacktestFormat } from "./backtest-render.js";
import type { CliIo } from "./policy-commands.js";
import { parseInstant, UsageError } from "./report-command.js";

export const BACKTEST_USAGE = "escalation-bot policy backtest --policy NEW.yml [--since 90d|DATE] [--until DATE] [--format table|md|json]";

/**
 * `policy backtest --policy NEW.yml`: every escalation opened in the period replayed through the
 * new playbook (domain/backtest.ts), read batch by batch from the database of DATABASE_URL, else
 * DATABASE_PATH, opened read-only. 0 when printed, 2 for a wrong command line, 1 when the playbook
 * or the database cannot be read.
 */
export async function backtestCommand(args: string[], io: CliIo, location: DatabaseLocation, clock: Clock = systemClock): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { policy: { type: "string" }, since: { type: "string", default: "90d" }, until: { type: "string" }, format: { type: "string", default: "table" } },
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\nusage: ${BACKTEST_USAGE}`);
    return 2;
  }
  if (!values.policy) {
    io.err(`policy backtest needs --policy NEW.yml (the changed playbook to replay the stored escalations through)\nusage: ${BACKTEST_USAGE}`);
    return 2;
  }
  const format = values.format as BacktestFormat;
  if (!(BACKTEST_FORMATS as readonly string[]).includes(format)) {
    io.err(`--format must be ${BACKTEST_FORMATS.join(", ")}, not '${values.format}'\nusage: ${BACKTEST_USAGE}`);
    return 2;
  }
  let policy: Policy;
  try {
    policy = loadPolicyFile(values.policy);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    io.err(`--policy: ${err.message.replace(" (check POLICY_FILE)", "")}`);
    return 1;
  }
  const zone = exportZone(policy);
  const now = clock.now();
  let since: number;
  let until: number;
  try {
    until = values.until === undefined ? now : parseInstant(values.until, "--until", now, zone, false);
    since = parseInstant(values.since, "--since", until, zone, true);
    if (since >= until) throw new UsageError(`--since must be before --until (${DateTime.fromMillis(since, { zone }).toISO()} is not before ${DateTime.fromMillis(until, { zone }).toISO()})`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\nusage: ${BACKTEST_USAGE}`);
    return 2;
  }

  const db = await openDatabase(location, { readonly: true });
  try {
    // Read-only, it cannot migrate: a database an older version wrote lacks what the replay reads.
    const { pending } = await migrationStatus(db);
    if (pending.length > 0) {
      io.err(`${db.engine} ${db.location} has ${pending.length} migration(s) pending (${pending.join(", ")}): run escalation-bot db migrate (or start the bot) first; the backtest only reads`);
      return 1;
    }
    const { summary, pagerDutyWasOn } = await new BacktestService({ db, policy }).backtest({ since, until });
    io.out(renderBacktest(summary, { playbook: policy.name, file: values.policy, since, until, zone, pagerDutyWasOn }, format));
    return 0;
  } finally {
    await db.close();
  }
}
