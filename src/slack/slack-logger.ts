// Types only: loading Bolt itself costs a few hundred ms, and the delivery thread has no use for it.
import type { LogLevel, Logger as SlackLogger } from "@slack/bolt";
import { LOG_LEVELS, type LogLevelName, type Logger } from "../logger.js";

export type { SlackLogger };

/**
 * The logger interface Bolt, the Web API client and the Socket Mode client take, on a child of the
 * bot's logger named `name` ("bolt", "web-api"). Their entries are free text plus objects and
 * errors: the text becomes the message (redacted like every message, see logger.ts), an error the
 * `err` field. setLevel changes this child only: Bolt sets the level of the logger it is given.
 */
export function slackLogger(parent: Logger, name: string): SlackLogger {
  let log = parent.child({ name });
  const write = (level: LogLevelName, parts: unknown[]) => {
    if (!log.isLevelEnabled(level)) return;
    const err = parts.find((p) => p instanceof Error);
    const text = parts
      .filter((p) => p !== err)
      .map((p) => (typeof p === "string" ? p : json(p)))
      .join(" ");
    if (err && text === "") log[level](err);
    else if (err) log[level]({ err }, text);
    else log[level](text);
  };
  return {
    debug: (...m: unknown[]) => write("debug", m),
    info: (...m: unknown[]) => write("info", m),
    warn: (...m: unknown[]) => write("warn", m),
    error: (...m: unknown[]) => write("error", m),
    setLevel: (level: LogLevel) => {
      if ((LOG_LEVELS as readonly string[]).includes(level)) log.level = level;
    },
    getLevel: () => log.level as LogLevel,
    // A new child rather than another binding: pino would write `name` twice.
    setName: (n: string) => {
      log = parent.child({ name: n }, { level: log.level });
    },
  };
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
