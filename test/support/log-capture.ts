import { prettyPrinter } from "../../src/log-pretty.js";
import { createLogger, type Logger, type LogLevelName } from "../../src/logger.js";

export interface LogCapture {
  logger: Logger;
  /** Each entry as the sandbox and a terminal show it: `[time] INFO: escalation.submit escalation=ESC-0001 outcome=created`. */
  lines: string[];
  /** Each entry as production writes it: one JSON object per line. */
  json: string[];
}

/**
 * A logger that keeps what it writes, in both formats: every test can read either. `lines` and
 * `json`, when given, are added to (several loggers, one record).
 */
export function captureLogs(level: LogLevelName = "info", lines: string[] = [], json: string[] = []): LogCapture {
  const pretty = prettyPrinter(false);
  const logger = createLogger({
    level,
    format: "json",
    write: (entry) => {
      json.push(entry);
      lines.push(pretty(entry).replace(/\n$/, ""));
    },
  });
  return { logger, lines, json };
}

/** A logger that writes nowhere: for tests that read no logs. */
export function silentLogger(): Logger {
  return createLogger({ level: "error", format: "json", write: () => {} });
}
