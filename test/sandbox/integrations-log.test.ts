import { afterEach, expect, it } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import type { RecordedCall } from "../../src/sandbox/emulator/call-log.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import { eventually } from "../support/eventually.js";
import { startFakeJira, startFakePagerDuty, startFakeWebhookReceiver, type FakeJira, type FakePagerDuty, type FakeWebhookReceiver } from "../support/fake-integrations.js";
import { filledForm } from "../support/forms.js";
import { silentLogger } from "../support/log-capture.js";

/**
 * The sandbox with PagerDuty and the webhook configured: the page's API log (the emulator's "call"
 * events it streams) shows each call to them beside the Web API calls, and a refusal as an error.
 */

const KEY = "R0UT1NGKEYsandbox0123456789abcdef";
let sandbox: RunningSandbox | undefined;
let pd: FakePagerDuty | undefined;
let hook: FakeWebhookReceiver | undefined;
let jira: FakeJira | undefined;
afterEach(async () => {
  await sandbox?.stop();
  await pd?.stop();
  await hook?.stop();
  await jira?.stop();
  sandbox = pd = hook = jira = undefined;
});

/** The sandbox with `env` set, the API log's lines it streams, and Sarah's /escalate at `severity` for Acme Corp. */
async function sandboxWith(env: Record<string, string>) {
  const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error", ...env }) as SandboxConfig;
  sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
  const logged: RecordedCall[] = [];
  sandbox.emulator.events.on("call", (c: RecordedCall) => logged.push(c));
  const people = sandbox.emulator.interactions;
  const escalate = async (severity: string) => {
    expect(await people.compose("U0SARAH", sandbox!.emulator.workspace.channelByName("support-escalation")!.id, "/escalate Every driver's photo uploads fail")).toEqual({ ok: true });
    const modal = await eventually(() => sandbox!.emulator.views.top("U0SARAH"), "the escalation form");
    expect(await people.submitView("U0SARAH", modal.view.id, filledForm(modal.view, { customer: { customer: "Acme Corp" }, severity: { severity } }))).toEqual({ kind: "closed" });
  };
  return { logged, escalate, people, emulator: sandbox.emulator };
}

it("the API log shows the calls to the configured integrations", async () => {
  pd = await startFakePagerDuty(KEY);
  hook = await startFakeWebhookReceiver();
  hook.failNext({ status: 404, body: "gone" });
  const { logged, escalate, emulator } = await sandboxWith({
    PAGERDUTY_ROUTING_KEY: KEY,
    PAGERDUTY_EVENTS_URL: pd.eventsUrl,
    WEBHOOK_URL: hook.url,
    WEBHOOK_SECRET: "whsec-sandbox-0123456789",
  });
  await escalate("sev1");

  await eventually(() => logged.find((c) => c.method === "pagerduty.enqueue" && c.response?.ok === true), "pagerduty.enqueue in the API log");
  const refused = await eventually(() => logged.find((c) => c.method === "webhook.post"), "webhook.post in the API log");
  expect(refused.response).toEqual({ ok: false, error: "http_404: gone" });
  // Beside the Web API calls, which stay the emulator's own record.
  expect(logged.some((c) => c.method === "chat.postMessage")).toBe(true);
  expect(emulator.calls.some((c) => c.method === "pagerduty.enqueue")).toBe(false);
  expect(pd.incidents).toHaveLength(1);
});

it("with JIRA_* set, Create Jira issue is in the post's menu, drivable there; the API log shows the Jira call and the post its key", async () => {
  jira = await startFakeJira("bot@fleet.example", "ATATT-sandbox-token-0123", { FLEET: { name: "Fleet", issueTypes: ["Bug"] } });
  const { logged, escalate, people, emulator } = await sandboxWith({
    JIRA_BASE_URL: jira.url,
    JIRA_EMAIL: "bot@fleet.example",
    JIRA_API_TOKEN: "ATATT-sandbox-token-0123",
    JIRA_PROJECT_KEY: "FLEET",
  });
  await escalate("sev2");
  const ws = emulator.workspace;
  const post = await eventually(() => logged.find((c) => c.method === "chat.postMessage" && String(c.args.text).startsWith("ESC-0001") && !c.args.thread_ts), "the post");
  const channel = String(post.args.channel);
  const ts = String((post.response as { ts?: string }).ts);
  const menuValue = () => {
    const blocks = JSON.stringify(ws.message(channel, ts)?.blocks ?? []);
    return /"value":"(jira:[^"]+)"/.exec(blocks)?.[1];
  };
  const value = await eventually(menuValue, "Create Jira issue in the post's menu");
  const member = [...ws.channels.get(channel)!.members].find((m) => m.startsWith("U0") && m !== "U0SARAH") ?? "U0SARAH";
  expect(await people.messageAction(member, { channel, messageTs: ts }, { blockId: "escalation_actions", actionId: "escalation_more", value })).toEqual({ ok: true });
  const created = await eventually(() => logged.find((c) => c.method === "jira.issue.create"), "jira.issue.create in the API log");
  expect(created.response).toEqual({ ok: true });
  expect(jira.issues.map((i) => i.key)).toEqual(["FLEET-1"]);
  await eventually(() => JSON.stringify(ws.message(channel, ts)?.blocks ?? []).includes(`<${jira!.url}/browse/FLEET-1|FLEET-1>`), "the key on the post");
  expect(menuValue()).toBeUndefined();
});
