import { parseArgs } from "node:util";
import { policyCheck, policyExplain, type CliIo } from "./policy-commands.js";
import { policyCheckSlack } from "./slack-check.js";
import { policySimulate, SIMULATE_USAGE } from "./simulate-command.js";
import { dbBackup, dbMigrate, dbStatus, locationFromEnv } from "./db-commands.js";
import { EXPORT_USAGE, exportEscalation } from "./export-command.js";
import { REPORT_USAGE, reportCommand } from "./report-command.js";
import { INTEGRATIONS_USAGE, integrationsCheck, integrationsRetry } from "./integrations-command.js";
import { BACKTEST_USAGE, backtestCommand } from "./backtest-command.js";

const USAGE = `usage:
  escalation-bot policy check FILE [FILE...]
  escalation-bot policy check --slack FILE [FILE...]   (with SLACK_BOT_TOKEN: restricted channels are private)
  escalation-bot policy explain --policy FILE --text "..." [--tier T] [--severity S] [--category C]
                               [--field ID=VALUE]... [--customer-requested] [--at ISO-TIME] [--json]
  ${SIMULATE_USAGE}
  ${BACKTEST_USAGE}
                               (replays the escalations of DATABASE_URL, else DATABASE_PATH, read-only)
  escalation-bot db migrate|status        (the database of DATABASE_URL, else DATABASE_PATH)
  escalation-bot db backup FILE
  ${EXPORT_USAGE}
  ${REPORT_USAGE}   (the database of DATABASE_URL, else DATABASE_PATH)
  ${INTEGRATIONS_USAGE}`;

/**
 * Runs one CLI invocation; returns the exit code (a promise for checks that ask Slack). Separate from
 * process globals so tests can call it.
 */
export function runCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): number | Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === "db" && command) return runDb(command, rest, io, env);
  if (group === "export") return runExport(argv.slice(1), io, env);
  if (group === "report") return runReport(argv.slice(1), io, env);
  if (group === "integrations" && (command === "check" || command === "retry")) return runIntegrations(command, rest, io, env);
  if (group === "policy" && command === "backtest") return runBacktest(rest, io, env);
  if (group !== "policy" || !command) {
    io.err(USAGE);
    return 2;
  }
  try {
    if (command === "check" && rest[0] === "--slack") {
      const files = rest.slice(1);
      const code = policyCheck(files, io);
      return code !== 0 ? code : policyCheckSlack(files, io);
    }
    if (command === "check") return policyCheck(rest, io);
    if (command === "explain" || command === "simulate") {
      const { values } = parseArgs({
        args: rest,
        options: {
          policy: { type: "string" },
          text: { type: "string" },
          tier: { type: "string" },
          severity: { type: "string" },
          category: { type: "string" },
          field: { type: "string", multiple: true },
          "customer-requested": { type: "boolean", default: false },
          at: { type: "string" },
          json: { type: "boolean", default: false },
        },
        strict: true,
      });
      if (!values.policy || values.text === undefined) {
        io.err(`policy ${command} needs --policy and --text\n${USAGE}`);
        return 2;
      }
      const { "customer-requested": customerRequested, field, ...named } = values;
      const args = { ...named, policy: values.policy, text: values.text, fields: field ?? [], customerRequested };
      return command === "explain" ? policyExplain(args, io) : policySimulate(args, io);
    }
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 2;
  }
  io.err(USAGE);
  return 2;
}

async function runDb(command: string, rest: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const location = locationFromEnv(env);
    if (command === "migrate") return await dbMigrate(location, io);
    if (command === "status") return await dbStatus(location, io);
    if (command === "backup") return await dbBackup(location, rest[0], io);
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
  io.err(USAGE);
  return 2;
}

async function runExport(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    return await exportEscalation(args, io, locationFromEnv(env), env);
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    // A wrong option is the command line's fault; anything else (no database, a broken playbook), the setup's.
    return (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
}

async function runReport(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    return await reportCommand(args, io, locationFromEnv(env), env);
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

async function runBacktest(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    return await backtestCommand(args, io, locationFromEnv(env));
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

async function runIntegrations(command: "check" | "retry", args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    if (command === "check") return await integrationsCheck(args, io, env);
    return await integrationsRetry(args, io, locationFromEnv(env));
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
}
