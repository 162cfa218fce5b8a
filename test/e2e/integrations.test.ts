import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { OutboxRow } from "../../src/db/schema.js";
import { ACTION, CALLBACK, RESOLVE_FIELD as R } from "../../src/slack/ids.js";
import type { DeliveryThread } from "../../src/slack/delivery-thread.js";
import { manager } from "../support/actors.js";
import { allRows, testDatabase, type TestDatabase } from "../support/db.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";
import { eventually } from "../support/eventually.js";
import { startFakePagerDuty, startFakeWebhookReceiver, type FakePagerDuty, type FakeWebhookReceiver } from "../support/fake-integrations.js";
import { escalationSubmission, startHarness, type EscalationFields, type Harness } from "../support/harness.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";

/**
 * PagerDuty and the signed webhook, end to end: the real bot (signed Slack requests against the
 * emulator, its delivery thread, the engine's database) talking real HTTP to local stand-ins for
 * PagerDuty's Events API and a webhook receiver.
 */

const ROUTING_KEY = "R0UT1NGKEYfleet0123456789abcdefAB";
const WEBHOOK_SECRET = "whsec-test-0123456789abcdef";
const ROOT = new URL("../../", import.meta.url).pathname;

let h: Harness | undefined;
let pd: FakePagerDuty | undefined;
let hook: FakeWebhookReceiver | undefined;
let database: TestDatabase | undefined;

afterEach(async () => {
  await h?.stop();
  await pd?.stop();
  await hook?.stop();
  await database?.drop();
  h = pd = hook = database = undefined;
});

async function start(opts: { webhook?: boolean } = {}): Promise<{ h: Harness; pd: FakePagerDuty; hook: FakeWebhookReceiver }> {
  pd = await startFakePagerDuty(ROUTING_KEY);
  hook = await startFakeWebhookReceiver();
  database = await testDatabase();
  h = await startHarness({
    database,
    env: {
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: pd.eventsUrl,
      ...(opts.webhook !== false ? { WEBHOOK_URL: `${hook.url}/escalations`, WEBHOOK_SECRET } : {}),
      LOG_LEVEL: "debug",
    },
  });
  return { h, pd, hook };
}

/** Opens an escalation through the form; resolves with its post once it is in Slack. */
async function open(f: EscalationFields, viewId: string): Promise<{ channel: string; ts: string }> {
  expect((await h!.slack.interaction(escalationSubmission(f, { viewId }))).status).toBe(200);
  const post = await h!.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
  return { channel: post.args.channel as string, ts: post.response?.ts as string };
}

async function acknowledge(post: { channel: string; ts: string }, userId: string, id = 1): Promise<void> {
  await h!.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h!, id), userId, channelId: post.channel, messageTs: post.ts }));
  await eventually(async () => (await h!.bot.escalations.get(id))?.acknowledgedBy === userId, "the acknowledgement");
}

async function resolve(userId: string, id = 1): Promise<void> {
  const text = (blockId: string, value: string | null) => ({ [blockId]: { [blockId]: { type: "plain_text_input", value } } });
  const values = { ...text(R.resolution, "Rolled back the photo service"), ...text(R.rootCause, "A bad deploy"), ...text(R.prevention, null) } as ViewStateValues;
  expect((await h!.slack.interaction(viewSubmission({ callbackId: CALLBACK.resolveModal, values, privateMetadata: signedMetadata(h!, id), userId, viewId: `VRESOLVE${id}` }))).status).toBe(200);
  await eventually(async () => (await h!.bot.escalations.get(id))?.status === "resolved", "the resolution");
}

const settle = () => h!.bot.deliverer.drain();
const outboxRows = async (queue: string): Promise<OutboxRow[]> => (await allRows(h!.bot.db, "outbox")).filter((r) => r.queue === queue);
const healthz = async () => {
  const res = await fetch(`${h!.baseUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; problems?: string[]; integrations?: Record<string, string> } };
};

/** The README's verification snippet, run as a receiver would paste it. */
async function readmeVerifier(): Promise<(secret: string, headers: Record<string, string>, rawBody: string, nowMs?: number) => boolean> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const snippet = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes("verifyEscalationBotWebhook"));
  expect(snippet, "the README's webhook verification snippet").toBeDefined();
  const file = join(tmpdir(), `verify-webhook-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, snippet!);
  const mod = (await import(pathToFileURL(file).href)) as { verifyEscalationBotWebhook: (secret: string, headers: Record<string, string>, rawBody: string, nowMs?: number) => boolean };
  return mod.verifyEscalationBotWebhook;
}

describe("PagerDuty", () => {
  it("a Sev 1 pages, is acknowledged and resolved there under one dedup key; every lifecycle event reaches the webhook, signed", async () => {
    const { h, pd, hook } = await start();
    const post = await open({ severity: "sev1", summary: "Photo uploads fail for every driver", customer: "Acme Corp" }, "VSEV1");
    await settle();
    const incident = await eventually(() => pd.incidents[0], "the incident");
    expect(incident).toMatchObject({ status: "triggered", severity: "critical", triggers: 1 });
    expect(incident.summary).toBe("ESC-0001 Sev 1 · Critical: Photo uploads fail for every driver (Acme Corp)");
    expect(incident.customDetails).toMatchObject({ escalation: "ESC-0001", customer: "Acme Corp" });
    expect(incident.dedupKey).toMatch(/^escalation-bot:T\w+:ESC-0001$/);
    // The page waited for the post, so it links to the thread.
    expect(JSON.stringify(incident.links)).toContain("/archives/");

    await acknowledge(post, "U0ALEX");
    await settle();
    await eventually(() => pd.incidents[0]!.status === "acknowledged", "the incident acknowledged");
    await resolve("U0ALEX");
    await settle();
    await eventually(() => pd.incidents[0]!.status === "resolved", "the incident resolved");

    expect(pd.incidents).toHaveLength(1);
    expect(pd.accepted().map((e) => [e.event_action, e.dedup_key])).toEqual([
      ["trigger", incident.dedupKey],
      ["acknowledge", incident.dedupKey],
      ["resolve", incident.dedupKey],
    ]);

    // The webhook: opened, acknowledged, resolved (and whatever else happened), each verified by the README's snippet.
    const verify = await readmeVerifier();
    const events = await eventually(() => {
      const got = hook.accepted();
      return got.some((r) => (r.json as { type: string }).type === "escalation.resolved") ? got : undefined;
    }, "the webhook's resolved event");
    const types = events.map((r) => (r.json as { type: string }).type);
    expect(types).toEqual(expect.arrayContaining(["escalation.opened", "escalation.acknowledged", "escalation.resolved"]));
    for (const r of events) {
      // As a receiver runs it: against its own (real) clock.
      expect(verify(WEBHOOK_SECRET, r.headers, r.body)).toBe(true);
      expect(r.headers["x-escalation-bot-delivery"]).toBe((r.json as { id: string }).id);
      expect(r.path).toBe("/escalations");
    }
    expect(verify(WEBHOOK_SECRET, events[0]!.headers, events[0]!.body.replace("ESC-0001", "ESC-0002"))).toBe(false);
    expect(verify("another-secret-0123456789", events[0]!.headers, events[0]!.body)).toBe(false);
    // A replay ten minutes later is refused.
    expect(verify(WEBHOOK_SECRET, events[0]!.headers, events[0]!.body, Date.now() + 10 * 60_000)).toBe(false);
    expect(new Set(events.map((r) => r.headers["x-escalation-bot-delivery"])).size).toBe(events.length);
    const resolved = events.find((r) => (r.json as { type: string }).type === "escalation.resolved")!.json;
    expect(resolved).toMatchObject({ type: "escalation.resolved", escalation: { id: "ESC-0001", status: "resolved", severity: "sev1", customer: "Acme Corp", owner: "U0ALEX" } });

    // Neither secret reached a log line, at debug.
    const logs = h.logs.join("\n");
    expect(logs).not.toContain(ROUTING_KEY);
    expect(logs).not.toContain(WEBHOOK_SECRET);
    expect((await healthz()).body.integrations).toEqual({ pagerduty: "ok", webhook: "ok" });
  });

  it("a Sev 3 does not page (the webhook still hears of it); raised to Sev 1 later, it pages then", async () => {
    const { h, pd, hook } = await start();
    await open({ severity: "sev3", tier: "standard" }, "VSEV3");
    await settle();
    await eventually(() => hook.accepted().some((r) => (r.json as { type: string }).type === "escalation.opened"), "the opened event");
    expect(pd.received).toHaveLength(0);
    expect(await outboxRows("pagerduty")).toHaveLength(0);

    const result = await h.bot.life.reclassification.reclassify(1, manager("U0DANA", h.bot.policy), { severity: "sev1", category: "general" }, "every driver is blocked");
    expect(result.kind).toBe("done");
    await settle();
    const incident = await eventually(() => pd.incidents[0], "the page after the raise");
    expect(incident).toMatchObject({ status: "triggered", triggers: 1, severity: "critical" });
    await eventually(() => hook.accepted().some((r) => (r.json as { type: string }).type === "escalation.severity_changed"), "the severity_changed event");
  });

  it("a 429 waits its Retry-After, a 500 is tried again: one incident, nothing lost", async () => {
    const { h, pd } = await start({ webhook: false });
    pd.failNext({ status: 429, headers: { "retry-after": "1" }, body: '{"status":"throttled"}' }, { status: 500 });
    await open({ severity: "sev1" }, "VRETRY");
    await settle();
    await eventually(async () => (await outboxRows("pagerduty"))[0]?.lastError?.startsWith("http_429"), "the 429 recorded");
    const [throttled] = await outboxRows("pagerduty");
    // A 429 is not a failed attempt; it is tried after Retry-After (1 s) on the bot's clock and the queue's.
    expect(throttled).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: h.clock.now() + 1_000 });
    expect(pd.received).toHaveLength(1);
    h.clock.advance(1_000);
    await eventually(async () => (await outboxRows("pagerduty"))[0]?.lastError?.startsWith("http_500"), "the 500 recorded", 5_000);
    expect((await outboxRows("pagerduty"))[0]).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: h.clock.now() + 2_000 });
    h.clock.advance(2_000);
    await eventually(async () => (await outboxRows("pagerduty"))[0]?.status === "sent", "the trigger sent", 5_000);
    expect(pd.received.map((r) => r.status)).toEqual([429, 500, 202]);
    expect(pd.incidents).toHaveLength(1);
    // /metrics counts each failed attempt by integration and code (the delivery thread reports them).
    const metrics = parsePrometheusText(await (await fetch(`${h.baseUrl}/metrics`)).text());
    expect(sampleValue(metrics, "escalation_bot_integration_errors_total", { integration: "pagerduty", code: "http_429" })).toBe(1);
    expect(sampleValue(metrics, "escalation_bot_integration_errors_total", { integration: "pagerduty", code: "http_500" })).toBe(1);
  });

  it("a 401 parks PagerDuty (healthz 503 names it and the fix) until the operator's retry; the webhook goes on", async () => {
    const { h, pd, hook } = await start();
    pd.refuse({ status: 401, body: '{"status":"unauthorized","message":"Invalid routing key"}' });
    const post = await open({ severity: "sev1" }, "VPARK");
    await settle();
    await eventually(async () => (await outboxRows("pagerduty"))[0]?.status === "parked", "the trigger parked");
    const health = await eventually(async () => {
      const got = await healthz();
      return got.status === 503 ? got : undefined;
    }, "healthz 503");
    expect(health.body.ok).toBe(false);
    expect(health.body.integrations).toEqual({ pagerduty: "parked", webhook: "ok" });
    const problem = health.body.problems?.find((p) => p.startsWith("PagerDuty is parked"));
    expect(problem).toContain("http_401");
    expect(problem).toContain("PAGERDUTY_ROUTING_KEY");
    expect(problem).toContain("escalation-bot integrations retry pagerduty");
    expect(h.logs.some((l) => l.includes("integration.parked") && l.includes("integrations retry pagerduty"))).toBe(true);

    // The queue is stopped: the acknowledgement waits behind the trigger, unsent; the webhook is not held up.
    await acknowledge(post, "U0ALEX");
    await settle();
    await eventually(async () => (await outboxRows("pagerduty")).filter((r) => r.status === "parked").length === 2, "the acknowledgement parked too");
    expect(pd.received).toHaveLength(1);
    await eventually(() => hook.accepted().some((r) => (r.json as { type: string }).type === "escalation.acknowledged"), "the webhook's acknowledged event");

    // The key is fixed; the operator sends the parked events again.
    pd.refuse(undefined);
    const out: string[] = [];
    const err: string[] = [];
    expect(await runCli(["integrations", "retry", "pagerduty"], { out: (l) => out.push(l), err: (l) => err.push(l) }, { ...database!.env })).toBe(0);
    expect(out.join("\n")).toContain("PagerDuty: 2 parked event(s) will be sent again");
    h.bot.deliverer.kick();
    await eventually(() => pd.incidents[0]?.status === "acknowledged", "the incident triggered and acknowledged after the retry");
    expect(pd.incidents).toHaveLength(1);
    await eventually(async () => (await healthz()).status === 200, "healthz 200 again");
  });

  it("a restart (after the key was fixed) tries a parked PagerDuty again", async () => {
    const { pd } = await start({ webhook: false });
    pd.refuse({ status: 400, body: '{"status":"invalid event","errors":["Invalid routing key"]}' });
    await open({ severity: "sev1" }, "VRESTART");
    await settle();
    await eventually(async () => (await outboxRows("pagerduty"))[0]?.status === "parked", "the trigger parked");
    await h!.stop();
    pd.refuse(undefined);
    h = await startHarness({ database: database!, env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: pd.eventsUrl } });
    await eventually(() => pd.incidents[0], "the page after the restart");
    expect(h.logs.some((l) => l.includes("integration.unparked") && l.includes("queue=pagerduty"))).toBe(true);
    expect(pd.incidents).toHaveLength(1);
  });

  it("a bot killed between PagerDuty's answer and its bookkeeping sends the trigger again with the same dedup key: one incident", async () => {
    const { h, pd } = await start({ webhook: false });
    pd.holdAnswers(1);
    await open({ severity: "sev1" }, "VKILL");
    await eventually(() => pd.incidents[0], "the trigger taken by PagerDuty");
    expect((await outboxRows("pagerduty"))[0]).toMatchObject({ status: "pending", sendingSince: expect.any(Number) });
    await (h.bot.deliverer as DeliveryThread).kill();
    pd.release();
    await eventually(async () => (await outboxRows("pagerduty"))[0]?.status === "sent", "the trigger recorded after the restart");
    const triggers = pd.received.filter((r) => (r.json as { event_action: string }).event_action === "trigger");
    expect(triggers).toHaveLength(2);
    expect(new Set(triggers.map((r) => (r.json as { dedup_key: string }).dedup_key)).size).toBe(1);
    expect(pd.incidents).toHaveLength(1);
    expect(pd.incidents[0]).toMatchObject({ status: "triggered", triggers: 2 });
  });
});

describe("while Slack refuses the token", () => {
  it("a Sev 1 still pages (without its link, as its post waits) and the webhook still hears of it", async () => {
    const { h, pd, hook } = await start();
    for (const method of ["chat.postMessage", "chat.postEphemeral", "chat.getPermalink", "auth.test", "conversations.list", "users.list"]) {
      h.fake.fail(method, { error: "token_revoked", times: Number.POSITIVE_INFINITY });
    }
    expect((await h.slack.interaction(escalationSubmission({ severity: "sev1" }, { viewId: "VREVOKED" }))).status).toBe(200);
    await eventually(() => h.logs.some((l) => l.includes("delivery.paused") && l.includes("token_revoked")), "Slack delivery paused");
    const incident = await eventually(() => pd.incidents[0], "the page while Slack is paused");
    expect(incident.links).toBeUndefined();
    await eventually(() => hook.accepted().some((r) => (r.json as { type: string }).type === "escalation.opened"), "the opened event");
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.response?.ok === true)).toHaveLength(0);

    h.fake.reset(); // the token works again: the post follows, and nothing is sent twice
    await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001") && c.response?.ok === true);
    await settle();
    expect(pd.incidents).toHaveLength(1);
    expect(pd.received).toHaveLength(1);
  });
});

describe("a restricted escalation", () => {
  it("pages without its details and leaves them out of the webhook", async () => {
    const { pd, hook } = await start();
    await open({ severity: "sev1", category: "security", customer: "Zebracorp Logistics", summary: "ZEBRA-SUMMARY another user's data is visible", impact: "ZEBRA-IMPACT" }, "VRESTRICTED");
    await settle();
    const incident = await eventually(() => pd.incidents[0], "the page");
    expect(incident.summary).toBe("Restricted escalation ESC-0001: details in Slack");
    await eventually(() => hook.accepted().some((r) => (r.json as { type: string }).type === "escalation.opened"), "the opened event");
    const sent = [...pd.received, ...hook.received].map((r) => r.body).join("\n");
    expect(sent).not.toMatch(/Zebracorp|ZEBRA-/);
    const opened = hook.accepted().find((r) => (r.json as { type: string }).type === "escalation.opened")!.json as { escalation: Record<string, unknown> };
    expect(opened.escalation).toMatchObject({ id: "ESC-0001", restricted: true });
    expect(opened.escalation).not.toHaveProperty("customer");
    expect(opened.escalation).not.toHaveProperty("summary");
  });
});
