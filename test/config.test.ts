import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadConfig(base)).toEqual({
      slackBotToken: "xoxb-1",
      slackSigningSecret: "s",
      slackAppToken: undefined,
      slackApiUrl: "https://slack.com/api/",
      port: 3000,
      databasePath: "./data/escalations.db",
      policyFile: undefined,
      schedulerIntervalMs: 15000,
      logLevel: "info",
    });
  });

  it("with no credentials explains how to create the app", () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/slack-manifest\.yml/);
  });

  it.each([
    [{ ...base, SLACK_BOT_TOKEN: "xoxp-user" }, /SLACK_BOT_TOKEN: must be a bot token/],
    [{ ...base, PORT: "eighty" }, /PORT:/],
    [{ ...base, LOG_LEVEL: "loud" }, /LOG_LEVEL:/],
    [{ ...base, SLACK_API_URL: "not a url" }, /SLACK_API_URL: must be a URL/],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, /SLACK_SIGNING_SECRET: is required in HTTP mode/],
    [{ SLACK_SIGNING_SECRET: "s" }, /SLACK_BOT_TOKEN: is required/],
  ])("names the bad variable %#", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("Socket Mode needs no signing secret", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slackAppToken).toBe("xapp-1");
  });
});
