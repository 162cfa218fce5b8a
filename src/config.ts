import { existsSync } from "node:fs";
import { z } from "zod";
import type { DatabaseLocation } from "./db/connection.js";
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevelName } from "./logger.js";

export { LOG_LEVELS, type LogFormat, type LogLevelName };

/** PagerDuty's public Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

/**
 * The integrations this process talks to besides Slack, each off unless its variables are set.
 * Plain data: it is handed to the delivery thread.
 */
export interface IntegrationSettings {
  readonly pagerduty?: { readonly routingKey: string; readonly eventsUrl: string } | undefined;
  readonly webhook?: { readonly url: string; readonly secret: string } | undefined;
  /** Jira Cloud's REST API v3, basic auth with an Atlassian API token; `projectKey` unless the playbook names another. */
  readonly jira?: { readonly baseUrl: string; readonly email: string; readonly apiToken: string; readonly projectKey: string } | undefined;
}

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const zEnv = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith("xoxb-", "must be a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)"),
  ),
  SLACK_SIGNING_SECRET: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
  SLACK_APP_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith("xapp-", "must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write)").optional(),
  ),
  SLACK_API_URL: z.preprocess(
    emptyToUndefined,
    z.url("must be a URL such as https://slack.com/api/").default("https://slack.com/api/"),
  ),
  PORT: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "must be a port number (0-65535)" }).int("must be a whole number").min(0).max(65535).default(3000),
  ),
  DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default("./data/escalations.db")),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/./, "must be a PostgreSQL URL such as postgres://user:password@host:5432/escalations (leave it unset for SQLite at DATABASE_PATH)")
      .optional(),
  ),
  POLICY_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  SCHEDULER_INTERVAL_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "must be a number of milliseconds" }).int("must be a whole number").min(100, "must be at least 100 ms").default(15_000),
  ),
  DELIVERY_ALERT_AFTER_MINUTES: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: "must be a number of minutes" }).positive("must be more than 0").default(15),
  ),
  METADATA_SIGNING_KEY: z.preprocess(
    emptyToUndefined,
    z.string().min(32, "must be at least 32 characters (for example: openssl rand -hex 32)").optional(),
  ),
  METRICS_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().min(16, "must be at least 16 characters (for example: openssl rand -hex 32)").regex(/^\S+$/, "must not contain spaces").optional(),
  ),
  DASHBOARD_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().min(16, "must be at least 16 characters (for example: openssl rand -hex 32)").regex(/^\S+$/, "must not contain spaces").optional(),
  ),
  PUBLIC_URL: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/, error: "must be the http(s) address people reach this bot at, such as https://escalations.example.com" }).optional(),
  ),
  PAGERDUTY_ROUTING_KEY: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\S{8,}$/, "must be the 32-character Integration Key of a PagerDuty service's Events API v2 integration").optional(),
  ),
  PAGERDUTY_EVENTS_URL: z.preprocess(emptyToUndefined, z.url("must be a URL such as https://events.pagerduty.com/v2/enqueue").default(PAGERDUTY_EVENTS_URL)),
  WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL the bot POSTs lifecycle events to" }).optional()),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(16, "must be at least 16 characters (for example: openssl rand -hex 32)").optional(),
  ),
  JIRA_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: "must be your Jira site's URL, such as https://acme.atlassian.net" }).optional()),
  JIRA_EMAIL: z.preprocess(emptyToUndefined, z.string().regex(/^\S+@\S+$/, "must be the email address of the Atlassian account the API token belongs to").optional()),
  JIRA_API_TOKEN: z.preprocess(emptyToUndefined, z.string().regex(/^\S{8,}$/, "must be an Atlassian API token (id.atlassian.com > Security > API tokens)").optional()),
  JIRA_PROJECT_KEY: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Z][A-Z0-9_]+$/, "must be a Jira project key such as FLEET (upper-case letters and digits)").optional()),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === "string" ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
  LOG_FORMAT: z.preprocess(
    (v) => (typeof v === "string" ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(", ")} (unset: pretty in the sandbox and a terminal, else json)` }).optional(),
  ),
});

/** The bot talking to a Slack workspace (or to anything that answers like one at SLACK_API_URL). */
export interface SlackConfig {
  readonly mode: "slack";
  readonly slackBotToken: string;
  /** Present in HTTP mode; Socket Mode does not sign requests. */
  readonly slackSigningSecret: string | undefined;
  /** When set the bot connects over Socket Mode instead of listening for HTTP requests. */
  readonly slackAppToken: string | undefined;
  readonly slackApiUrl: string;
  readonly port: number;
  /** The SQLite file, used when no databaseUrl is given. */
  readonly databasePath: string;
  /** A PostgreSQL database shared by every replica; SQLite at databasePath when unset. */
  readonly databaseUrl: string | undefined;
  readonly policyFile: string | undefined;
  readonly schedulerIntervalMs: number;
  /** A message Slack keeps refusing for this long makes /healthz ask for a person and DMs the playbook's admin role. */
  readonly deliveryAlertAfterMs: number;
  /** Mixed into the key that signs button values and form metadata; the database's own key alone when unset. */
  readonly metadataSigningKey: string | undefined;
  /** When set, GET /metrics asks for `Authorization: Bearer <token>`; open when unset. */
  readonly metricsToken: string | undefined;
  /** When set, /dashboard answers a bearer token or a login link with it; without it only App Home's signed links open it. */
  readonly dashboardToken: string | undefined;
  /** Where people reach this bot (no trailing slash); App Home's Dashboard button is offered only when it is known. */
  readonly publicUrl: string | undefined;
  readonly logLevel: LogLevelName;
  /** PagerDuty and the outbound webhook; each absent unless configured. */
  readonly integrations: IntegrationSettings;
  /** Unset: chosen by where the logs go (see chooseLogFormat). */
  readonly logFormat: LogFormat | undefined;
}

/** No Slack credentials: the bot runs against the built-in local Slack, used in the browser. */
export interface SandboxConfig {
  readonly mode: "sandbox";
  readonly port: number;
  /** Interface the page listens on; loopback only unless told, since the page acts as anyone. */
  readonly host: string;
  /** The sandbox's own database, never the production one. */
  readonly databasePath: string;
  readonly policyFile: string | undefined;
  readonly schedulerIntervalMs: number;
  readonly deliveryAlertAfterMs: number;
  readonly logLevel: LogLevelName;
  /** Configured as in Slack mode; their calls show in the page's API log. */
  readonly integrations: IntegrationSettings;
  readonly logFormat: LogFormat | undefined;
}

export type Config = SlackConfig | SandboxConfig;

/** A configuration problem a person can act on; main() prints it and exits 1 without a stack trace. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const SETUP_HINT = `To run the bot you need a Slack app:
  1. Go to https://api.slack.com/apps > Create New App > From an app manifest,
     pick your workspace and paste the contents of slack-manifest.yml.
  2. Install the app to the workspace (Install App page).
  3. Set these environment variables (in your shell, a process manager, or a .env file):
       SLACK_BOT_TOKEN       Bot User OAuth Token, xoxb-... (OAuth & Permissions)
       SLACK_SIGNING_SECRET  Signing Secret (Basic Information > App Credentials)
     or, for Socket Mode instead of a public HTTP endpoint:
       SLACK_APP_TOKEN       App-level token, xapp-..., with connections:write
  4. Run: npm start

To try the bot without a Slack workspace, leave all SLACK_* variables unset: npm start then
opens a local Slack sandbox in the browser.`;

const JIRA_VARIABLES = ["JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PROJECT_KEY"] as const;
const INTEGRATION_VARIABLES = {
  PAGERDUTY_ROUTING_KEY: true,
  PAGERDUTY_EVENTS_URL: true,
  WEBHOOK_URL: true,
  WEBHOOK_SECRET: true,
  JIRA_BASE_URL: true,
  JIRA_EMAIL: true,
  JIRA_API_TOKEN: true,
  JIRA_PROJECT_KEY: true,
} as const;

const zSandboxEnv = zEnv.pick({ PORT: true, POLICY_FILE: true, SCHEDULER_INTERVAL_MS: true, DELIVERY_ALERT_AFTER_MINUTES: true, LOG_LEVEL: true, LOG_FORMAT: true, ...INTEGRATION_VARIABLES }).extend({
  SANDBOX_HOST: z.preprocess(emptyToUndefined, z.string().default("127.0.0.1")),
  SANDBOX_DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default("./data/sandbox.db")),
});

const zSandboxSwitch = z.preprocess(
  (v) => (typeof v === "string" ? emptyToUndefined(v.trim().toLowerCase()) : v),
  z.enum(["1", "true", "yes", "0", "false", "no"], { error: "must be 1 (always the sandbox) or 0 (never)" }).optional(),
);

/**
 * Reads the environment once. With no Slack credentials at all (or SANDBOX=1) the bot runs in
 * sandbox mode; partial credentials are a mistake to point out, never a reason to fall back.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sandbox = zSandboxSwitch.safeParse(env.SANDBOX);
  if (!sandbox.success) throw new ConfigError(`Invalid environment:\n  SANDBOX: ${sandbox.error.issues[0]?.message ?? "invalid"}`);
  const noCredentials = [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN].every(
    (v) => v === undefined || v.trim() === "",
  );
  const forced = sandbox.data;
  if (forced === "1" || forced === "true" || forced === "yes" || (noCredentials && forced === undefined)) return loadSandboxConfig(env);
  if (noCredentials) {
    throw new ConfigError(`No Slack credentials are set (and SANDBOX=0 turns the local sandbox off).\n\n${SETUP_HINT}`);
  }

  const e = parseEnv(zEnv, env);
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      "Invalid environment:\n  SLACK_SIGNING_SECRET: is required in HTTP mode (Basic Information > App Credentials > Signing Secret); " +
        "set SLACK_APP_TOKEN instead to use Socket Mode.",
    );
  }
  return Object.freeze({
    mode: "slack",
    slackBotToken: e.SLACK_BOT_TOKEN,
    slackSigningSecret: e.SLACK_SIGNING_SECRET,
    slackAppToken: e.SLACK_APP_TOKEN,
    slackApiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    policyFile: e.POLICY_FILE,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    deliveryAlertAfterMs: e.DELIVERY_ALERT_AFTER_MINUTES * 60_000,
    metadataSigningKey: e.METADATA_SIGNING_KEY,
    metricsToken: e.METRICS_TOKEN,
    dashboardToken: e.DASHBOARD_TOKEN,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
    integrations: integrationSettings(e),
    logFormat: e.LOG_FORMAT,
  });
}

function loadSandboxConfig(env: NodeJS.ProcessEnv): SandboxConfig {
  const e = parseEnv(zSandboxEnv, env);
  return Object.freeze({
    mode: "sandbox",
    port: e.PORT,
    host: e.SANDBOX_HOST,
    databasePath: e.SANDBOX_DATABASE_PATH,
    policyFile: e.POLICY_FILE,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    deliveryAlertAfterMs: e.DELIVERY_ALERT_AFTER_MINUTES * 60_000,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    integrations: integrationSettings(e),
  });
}

/** The integrations' settings alone (the CLI's `integrations check`), with the bot's checks and messages. */
export function loadIntegrationSettings(env: NodeJS.ProcessEnv): IntegrationSettings {
  return integrationSettings(parseEnv(zEnv.pick(INTEGRATION_VARIABLES), env));
}

/** Each integration on when its variables are set; a webhook without its secret is a mistake to point out. */
function integrationSettings(
  e: { PAGERDUTY_ROUTING_KEY?: string | undefined; PAGERDUTY_EVENTS_URL: string; WEBHOOK_URL?: string | undefined; WEBHOOK_SECRET?: string | undefined } & Partial<
    Record<(typeof JIRA_VARIABLES)[number], string | undefined>
  >,
): IntegrationSettings {
  const jiraSet = JIRA_VARIABLES.filter((v) => e[v] !== undefined);
  if (jiraSet.length > 0 && jiraSet.length < JIRA_VARIABLES.length) {
    const missing = JIRA_VARIABLES.filter((v) => e[v] === undefined);
    throw new ConfigError(
      `Invalid environment:\n  ${missing.join(", ")}: ${missing.length > 1 ? "are" : "is"} required when ${jiraSet.join(", ")} ${jiraSet.length > 1 ? "are" : "is"} set ` +
        "(Jira needs all four: JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PROJECT_KEY). Unset them all to turn Jira off.",
    );
  }
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError(
      "Invalid environment:\n  WEBHOOK_SECRET: is required when WEBHOOK_URL is set (the bot signs every event with it; for example: openssl rand -hex 32). " +
        "Unset WEBHOOK_URL to turn the webhook off.",
    );
  }
  return Object.freeze({
    ...(e.PAGERDUTY_ROUTING_KEY ? { pagerduty: { routingKey: e.PAGERDUTY_ROUTING_KEY, eventsUrl: e.PAGERDUTY_EVENTS_URL } } : {}),
    ...(e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { webhook: { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } } : {}),
    ...(e.JIRA_BASE_URL && e.JIRA_EMAIL && e.JIRA_API_TOKEN && e.JIRA_PROJECT_KEY
      ? { jira: { baseUrl: e.JIRA_BASE_URL.replace(/\/+$/, ""), email: e.JIRA_EMAIL, apiToken: e.JIRA_API_TOKEN, projectKey: e.JIRA_PROJECT_KEY } }
      : {}),
  });
}

/** Parses with `schema` or throws one ConfigError naming every bad variable. */
function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const problem = env[name] === undefined || env[name]?.trim() === "" ? "is required" : issue.message;
    return `  ${name}: ${problem}`;
  });
  throw new ConfigError(`Invalid environment:\n${lines.join("\n")}\n\nSee "Configuration" in README.md for every variable.`);
}

/**
 * Reads `.env` from the working directory when there is one. Variables already set in the
 * environment win, so a deployment's own settings are never overridden by a stray file.
 */
export function loadDotEnv(path = ".env"): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

/** For callers that always talk to a Slack (or an emulator of one): the Slack configuration or a ConfigError. */
export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  const config = loadConfig({ ...env, SANDBOX: "0" });
  if (config.mode !== "slack") throw new ConfigError("expected Slack credentials");
  return config;
}

/** Where the bot's database is: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function databaseLocation(config: Pick<SlackConfig, "databasePath" | "databaseUrl">): DatabaseLocation {
  return config.databaseUrl ? { engine: "postgres", url: config.databaseUrl } : { engine: "sqlite", path: config.databasePath };
}
