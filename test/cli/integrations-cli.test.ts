import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { verifyWebhookSignature } from "../../src/integrations/webhook-signature.js";
import { startFakePagerDuty, startFakeWebhookReceiver, type FakePagerDuty, type FakeWebhookReceiver } from "../support/fake-integrations.js";

/** `escalation-bot integrations check [--send-test]` against local stand-ins (real HTTP). */

const KEY = "R0UT1NGKEYcheck0123456789abcdefAB";
const SECRET = "whsec-check-0123456789abcdef";

async function run(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

let pd: FakePagerDuty | undefined;
let hook: FakeWebhookReceiver | undefined;
afterEach(async () => {
  await pd?.stop();
  await hook?.stop();
  pd = hook = undefined;
});

describe("escalation-bot integrations check", () => {
  it("says when none is configured, and succeeds", async () => {
    const r = await run({}, "integrations", "check");
    expect(r.code).toBe(0);
    expect(r.out).toContain("No integration is configured");
  });

  it("pings the webhook, signed; contacts PagerDuty only with --send-test (a trigger resolved at once)", async () => {
    pd = await startFakePagerDuty(KEY);
    hook = await startFakeWebhookReceiver();
    const env = { PAGERDUTY_ROUTING_KEY: KEY, PAGERDUTY_EVENTS_URL: pd.eventsUrl, WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET };

    const plain = await run(env, "integrations", "check");
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("PagerDuty: ok: configured (routing key …efAB");
    expect(plain.out).not.toContain(KEY);
    expect(plain.out).toMatch(/the webhook: ok: .* accepted a signed ping/);
    expect(pd.received).toHaveLength(0);
    const ping = hook.accepted()[0]!;
    expect(ping.json).toMatchObject({ type: "ping" });
    expect(verifyWebhookSignature(SECRET, ping.headers["x-escalation-bot-timestamp"]!, ping.body, ping.headers["x-escalation-bot-signature"]!)).toBe(true);

    const sent = await run(env, "integrations", "check", "--send-test");
    expect(sent.code).toBe(0);
    expect(sent.out).toMatch(/PagerDuty: ok: a test event was triggered and resolved/);
    expect(pd.accepted().map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    expect(pd.incidents).toHaveLength(1);
    expect(pd.incidents[0]).toMatchObject({ status: "resolved", severity: "info" });
  });

  it("exits 1 with the reason when an integration refuses", async () => {
    pd = await startFakePagerDuty("another-key-0123456789abcdef");
    hook = await startFakeWebhookReceiver();
    hook.refuse({ status: 404, body: "no such hook" });
    const r = await run({ PAGERDUTY_ROUTING_KEY: KEY, PAGERDUTY_EVENTS_URL: pd.eventsUrl, WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET }, "integrations", "check", "--send-test");
    expect(r.code).toBe(1);
    expect(r.err).toContain("PagerDuty: FAILED: the test trigger was refused: http_400");
    expect(r.err).toContain("Invalid routing key");
    expect(r.err).toContain("check PAGERDUTY_ROUTING_KEY");
    expect(r.err).toMatch(/the webhook: FAILED: .* did not accept a signed ping: http_404: no such hook/);
  });

  it("names a bad variable, and a retry of an unknown integration", async () => {
    const bad = await run({ WEBHOOK_URL: "https://hooks.example.com/x" }, "integrations", "check");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("WEBHOOK_SECRET: is required when WEBHOOK_URL is set");
    const unknown = await run({}, "integrations", "retry", "zendesk");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("integrations retry takes one of pagerduty, webhook");
  });
});
