import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActorDirectory } from "../../src/slack/actor-directory.js";
import { RoleDirectory } from "../../src/slack/role-directory.js";
import { escalationRow } from "../support/escalation-row.js";
import { silentLogger } from "../support/log-capture.js";
import { ManualClock } from "../support/clock.js";
import { fleetPolicy } from "../support/policy.js";
import { startTestSlack, type SlackEmulator } from "../support/test-slack.js";

/**
 * Many sends or clicks at once (a backlog draining over 200 channels, 50 clicks in flight) ask the
 * directories the same question before the first answer is back: one Slack call answers them all.
 */
let fake: SlackEmulator;
let client: WebClient;
beforeEach(async () => {
  fake = await startTestSlack();
  client = new WebClient("xoxb-test", { slackApiUrl: fake.url });
});
afterEach(() => fake.stop());

describe("one Slack call for questions asked at once", () => {
  it("a role's e-mails are looked up once however many ask together, and an unknown one is remembered", async () => {
    const roles = new RoleDirectory(client, fleetPolicy, new ManualClock(), silentLogger());
    const emails = fleetPolicy.roles["support-manager"]!.emails.length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => roles.members("support-manager")));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(fake.callsTo("users.lookupByEmail")).toHaveLength(emails);
    await roles.members("support-manager");
    expect(fake.callsTo("users.lookupByEmail")).toHaveLength(emails);
  });

  it("a channel's members are read once for clicks that come together", async () => {
    const actors = new ActorDirectory(fleetPolicy, new ManualClock(), silentLogger());
    const esc = escalationRow({ level: "tier2", channel: "#fleet-support-tier2" });
    await Promise.all(Array.from({ length: 20 }, (_, i) => actors.of(client, `U${i}`, esc)));
    expect(fake.callsTo("conversations.members")).toHaveLength(1);
  });
});
