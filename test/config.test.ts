import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, loadDotEnv } from "../src/config.js";

const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadConfig(base)).toEqual({
      mode: "slack",
      slackBotToken: "xoxb-1",
      slackSigningSecret: "s",
      slackAppToken: undefined,
      slackApiUrl: "https://slack.com/api/",
      port: 3000,
      databasePath: "./data/escalations.db",
      policyFile: undefined,
      schedulerIntervalMs: 15000,
      deliveryAlertAfterMs: 15 * 60_000,
      metadataSigningKey: undefined,
      logLevel: "info",
      // Off by default: no integration without its variables.
      integrations: {},
    });
  });

  it("turns PagerDuty and the webhook on with their variables; a webhook without its secret is refused by name", () => {
    expect(loadConfig({ ...base, PAGERDUTY_ROUTING_KEY: "R0123456789abcdef0123456789abcdef" })).toMatchObject({
      integrations: { pagerduty: { routingKey: "R0123456789abcdef0123456789abcdef", eventsUrl: "https://events.pagerduty.com/v2/enqueue" } },
    });
    expect(loadConfig({ ...base, PAGERDUTY_ROUTING_KEY: "R0123456789abcdef", PAGERDUTY_EVENTS_URL: "https://events.eu.pagerduty.com/v2/enqueue" })).toMatchObject({
      integrations: { pagerduty: { eventsUrl: "https://events.eu.pagerduty.com/v2/enqueue" } },
    });
    expect(loadConfig({ ...base, WEBHOOK_URL: "https://hooks.example.com/escalations", WEBHOOK_SECRET: "s".repeat(32) }).integrations).toEqual({
      webhook: { url: "https://hooks.example.com/escalations", secret: "s".repeat(32) },
    });
    expect(() => loadConfig({ ...base, WEBHOOK_URL: "https://hooks.example.com/escalations" })).toThrow(/WEBHOOK_SECRET: is required when WEBHOOK_URL is set/);
    expect(() => loadConfig({ ...base, WEBHOOK_URL: "https://hooks.example.com/x", WEBHOOK_SECRET: "short" })).toThrow(/WEBHOOK_SECRET: must be at least 16 characters/);
    expect(() => loadConfig({ ...base, WEBHOOK_URL: "ftp://hooks.example.com/x", WEBHOOK_SECRET: "s".repeat(32) })).toThrow(/WEBHOOK_URL: must be an http\(s\) URL/);
    expect(() => loadConfig({ ...base, PAGERDUTY_ROUTING_KEY: "a key" })).toThrow(/PAGERDUTY_ROUTING_KEY: must be the 32-character Integration Key/);
    expect(() => loadConfig({ ...base, PAGERDUTY_ROUTING_KEY: "R0123456789abcdef", PAGERDUTY_EVENTS_URL: "events" })).toThrow(/PAGERDUTY_EVENTS_URL: must be a URL/);
    // The sandbox takes them too: its API log shows their calls.
    expect(loadConfig({ WEBHOOK_URL: "http://127.0.0.1:9999/hook", WEBHOOK_SECRET: "s".repeat(16) })).toMatchObject({ mode: "sandbox", integrations: { webhook: { url: "http://127.0.0.1:9999/hook" } } });
  });

  it("takes a metadata signing key of at least 32 characters and refuses a short one", () => {
    expect(loadConfig({ ...base, METADATA_SIGNING_KEY: "k".repeat(32) })).toMatchObject({ metadataSigningKey: "k".repeat(32) });
    expect(() => loadConfig({ ...base, METADATA_SIGNING_KEY: "short" })).toThrow(/METADATA_SIGNING_KEY: must be at least 32 characters/);
  });

  it("takes a metrics token of at least 16 characters without spaces, and leaves /metrics open without one", () => {
    expect(loadConfig(base)).toMatchObject({ metricsToken: undefined });
    expect(loadConfig({ ...base, METRICS_TOKEN: "" })).toMatchObject({ metricsToken: undefined });
    expect(loadConfig({ ...base, METRICS_TOKEN: "m".repeat(16) })).toMatchObject({ metricsToken: "m".repeat(16) });
    expect(() => loadConfig({ ...base, METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ ...base, METRICS_TOKEN: "a token with spaces in it" })).toThrow(/METRICS_TOKEN: must not contain spaces/);
  });

  it("takes a dashboard token like the metrics token, and a public URL without its trailing slash", () => {
    expect(loadConfig(base)).toMatchObject({ dashboardToken: undefined, publicUrl: undefined });
    expect(loadConfig({ ...base, DASHBOARD_TOKEN: "d".repeat(16), PUBLIC_URL: "https://escalations.example.com/" })).toMatchObject({
      dashboardToken: "d".repeat(16),
      publicUrl: "https://escalations.example.com",
    });
    expect(() => loadConfig({ ...base, DASHBOARD_TOKEN: "short" })).toThrow(/DASHBOARD_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: "ftp://example.com" })).toThrow(/PUBLIC_URL: must be the http\(s\) address/);
  });

  it("with no credentials runs the sandbox on its own database, on loopback", () => {
    expect(loadConfig({})).toEqual({
      mode: "sandbox",
      port: 3000,
      host: "127.0.0.1",
      databasePath: "./data/sandbox.db",
      policyFile: undefined,
      schedulerIntervalMs: 15000,
      deliveryAlertAfterMs: 15 * 60_000,
      logLevel: "info",
      integrations: {},
    });
    // The production database is never the sandbox's, whatever DATABASE_PATH says.
    expect(loadConfig({ DATABASE_PATH: "/var/lib/escalations.db", PORT: "8080" })).toMatchObject({ mode: "sandbox", databasePath: "./data/sandbox.db", port: 8080 });
  });

  it("SANDBOX=1 forces the sandbox even with a token; SANDBOX=0 asks for credentials instead", () => {
    expect(loadConfig({ ...base, SANDBOX: "1" }).mode).toBe("sandbox");
    expect(() => loadConfig({ SANDBOX: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ SANDBOX: "0" })).toThrow(/slack-manifest\.yml/);
    expect(() => loadConfig({ SANDBOX: "maybe" })).toThrow(/SANDBOX: must be 1/);
  });

  it("partial credentials are a mistake to point out, never a reason to fall back to the sandbox", () => {
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: "s" })).toThrow(/SLACK_BOT_TOKEN: is required/);
  });

  it.each([
    [{ ...base, SLACK_BOT_TOKEN: "xoxp-user" }, /SLACK_BOT_TOKEN: must be a bot token/],
    [{ ...base, PORT: "eighty" }, /PORT:/],
    [{ ...base, LOG_LEVEL: "loud" }, /LOG_LEVEL:/],
    [{ ...base, LOG_FORMAT: "xml" }, /LOG_FORMAT: must be one of json, pretty/],
    [{ ...base, SLACK_API_URL: "not a url" }, /SLACK_API_URL: must be a URL/],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, /SLACK_SIGNING_SECRET: is required in HTTP mode/],
    [{ SLACK_SIGNING_SECRET: "s" }, /SLACK_BOT_TOKEN: is required/],
  ])("names the bad variable %#", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("takes LOG_FORMAT in either mode, and leaves it unset (chosen by where logs go) when not given", () => {
    expect(loadConfig({ ...base, LOG_FORMAT: "JSON" })).toMatchObject({ logFormat: "json" });
    expect(loadConfig({ LOG_FORMAT: "json" })).toMatchObject({ mode: "sandbox", logFormat: "json" });
    expect(loadConfig(base).logFormat).toBeUndefined();
  });

  it("Socket Mode needs no signing secret", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })).toMatchObject({ mode: "slack", slackAppToken: "xapp-1" });
  });
});

describe("loadDotEnv", () => {
  it("reads a .env file when there is one, and never overrides what the environment already says", () => {
    const dir = mkdtempSync(join(tmpdir(), "dotenv-"));
    const keys = ["ESCALATION_TEST_FROM_FILE", "ESCALATION_TEST_ALREADY_SET"];
    try {
      process.env.ESCALATION_TEST_ALREADY_SET = "from the environment";
      writeFileSync(join(dir, ".env"), "ESCALATION_TEST_FROM_FILE=from the file\nESCALATION_TEST_ALREADY_SET=from the file\n");
      expect(loadDotEnv(join(dir, "missing.env"))).toBe(false);
      expect(loadDotEnv(join(dir, ".env"))).toBe(true);
      expect(process.env.ESCALATION_TEST_FROM_FILE).toBe("from the file");
      expect(process.env.ESCALATION_TEST_ALREADY_SET).toBe("from the environment");
    } finally {
      for (const k of keys) delete process.env[k];
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
