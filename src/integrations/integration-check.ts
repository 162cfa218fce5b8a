import { randomUUID } from "node:crypto";
import type { IntegrationSettings } from "../config.js";
import type { PagerDutyBody, WebhookBody } from "../domain/integration-events.js";
import { postJson } from "./http-post.js";
import { maskKey } from "./integration-senders.js";
import { signedHeaders } from "./webhook-signature.js";

/** What `escalation-bot integrations check` found of one integration. */
export interface CheckResult {
  integration: "pagerduty" | "webhook";
  ok: boolean;
  /** One line for a person: what was tried and what came back. */
  detail: string;
}

/**
 * Asks each configured integration whether it answers. PagerDuty has no harmless call, so it is only
 * contacted with `sendTest`: a trigger and at once a resolve of a test dedup key (on-call may see a
 * short-lived incident). The webhook gets a signed `ping` event.
 */
export async function checkIntegrations(settings: IntegrationSettings, opts: { sendTest: boolean; now?: () => number }): Promise<CheckResult[]> {
  const now = opts.now ?? Date.now;
  const results: CheckResult[] = [];
  const pd = settings.pagerduty;
  if (pd && !opts.sendTest) {
    results.push({ integration: "pagerduty", ok: true, detail: `configured (routing key ${maskKey(pd.routingKey)}, ${pd.eventsUrl}); not contacted: add --send-test to send a test trigger and resolve` });
  } else if (pd) {
    const dedupKey = `escalation-bot:check:${randomUUID()}`;
    const event = (action: "trigger" | "resolve"): PagerDutyBody => ({
      routing_key: pd.routingKey,
      event_action: action,
      dedup_key: dedupKey,
      ...(action === "trigger"
        ? { payload: { summary: "Escalation bot integration check (resolved at once)", source: "escalation-bot integrations check", severity: "info", timestamp: new Date(now()).toISOString(), component: "check", custom_details: {} } }
        : {}),
    });
    const trigger = await postJson(pd.eventsUrl, JSON.stringify(event("trigger")), {});
    const resolve = trigger.ok ? await postJson(pd.eventsUrl, JSON.stringify(event("resolve")), {}) : undefined;
    if (!trigger.ok) results.push({ integration: "pagerduty", ok: false, detail: `the test trigger was refused: ${trigger.code}${trigger.retry ? "" : " (check PAGERDUTY_ROUTING_KEY and PAGERDUTY_EVENTS_URL)"}` });
    else if (resolve && !resolve.ok) results.push({ integration: "pagerduty", ok: false, detail: `the test trigger went, its resolve was refused: ${resolve.code} (resolve ${dedupKey} in PagerDuty)` });
    else results.push({ integration: "pagerduty", ok: true, detail: `a test event was triggered and resolved (dedup key ${dedupKey}) at ${pd.eventsUrl}` });
  }
  const hook = settings.webhook;
  if (hook) {
    const id = `ping:${randomUUID()}`;
    const body = JSON.stringify({ id, type: "ping", occurred_at: new Date(now()).toISOString() } satisfies WebhookBody);
    const answer = await postJson(hook.url, body, signedHeaders(hook.secret, body, now(), id, "ping"));
    results.push(
      answer.ok
        ? { integration: "webhook", ok: true, detail: `${hook.url} accepted a signed ping (HTTP ${answer.status})` }
        : { integration: "webhook", ok: false, detail: `${hook.url} did not accept a signed ping: ${answer.code}` },
    );
  }
  return results;
}
