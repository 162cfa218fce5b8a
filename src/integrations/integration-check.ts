import { randomUUID } from "node:crypto";
import type { IntegrationSettings } from "../config.js";
import type { PagerDutyBody, WebhookBody } from "../domain/integration-events.js";
import { postJson } from "./http-post.js";
import { maskKey } from "./integration-senders.js";
import { jiraApi, jiraAuthHeaders } from "./jira-sender.js";
import { signedHeaders } from "./webhook-signature.js";

/** What `escalation-bot integrations check` found of one integration. */
export interface CheckResult {
  integration: "pagerduty" | "webhook" | "jira";
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
  if (settings.jira) results.push(...(await checkJira(settings.jira)));
  return results;
}

/**
 * Jira: who the token is (GET myself: the email and token) and whether that account sees the
 * project (GET project/{key}); each reported. Nothing is written.
 */
async function checkJira(jira: NonNullable<IntegrationSettings["jira"]>): Promise<CheckResult[]> {
  const headers = jiraAuthHeaders(jira);
  const me = await postJson(jiraApi(jira, "myself"), "", headers, { method: "GET" });
  const results: CheckResult[] = [];
  if (!me.ok) {
    results.push({ integration: "jira", ok: false, detail: `GET /rest/api/3/myself at ${jira.baseUrl} failed: ${me.code}${me.retry ? "" : " (check JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN)"}` });
  } else {
    const who = readField(me.body, "emailAddress") ?? readField(me.body, "displayName") ?? "an account";
    results.push({ integration: "jira", ok: true, detail: `${jira.baseUrl} knows the token: it is ${who}` });
  }
  const project = await postJson(jiraApi(jira, `project/${encodeURIComponent(jira.projectKey)}`), "", headers, { method: "GET" });
  results.push(
    project.ok
      ? { integration: "jira", ok: true, detail: `project ${jira.projectKey} (${readField(project.body, "name") ?? "no name"}) is visible to that account` }
      : { integration: "jira", ok: false, detail: `project ${jira.projectKey} could not be read: ${project.code} (check JIRA_PROJECT_KEY and the account's access to it)` },
  );
  return results;
}

function readField(json: string, name: string): string | undefined {
  try {
    const v = (JSON.parse(json) as Record<string, unknown>)[name];
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}
