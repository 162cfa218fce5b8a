import { describe, expect, it } from "vitest";
import { pagerDutyActionsFor, pagerDutyBody, pagerDutySeverity, webhookBody, webhookTypeOf } from "../../src/domain/integration-events.js";
import { retryAfterMs } from "../../src/integrations/http-post.js";
import { parsePolicy, PolicyError } from "../../src/policy/loader.js";
import { redactLogText, secretsOf } from "../../src/log-redaction.js";
import { escalationRow } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";

/** Which lifecycle events go to PagerDuty and the webhook, and what they carry. */

const opened = (severity: string) => ({ kind: "opened" as const, detail: { severity, suggestedSeverity: severity, category: "general", level: "tier1", channels: [], notify: [], reasons: [] } });
const reclassified = (fromSeverity: string, toSeverity: string) => ({
  kind: "reclassified" as const,
  detail: { fromSeverity, toSeverity, fromCategory: "general", toCategory: "general", reason: "r", restricted: false },
});

describe("PagerDuty's events", () => {
  it("Fleet pages Sev 1 only: opened, raised to it, reopened at it; acknowledged and resolved only once paged", () => {
    const esc = { severity: "sev1", status: "open" as const };
    expect(pagerDutyActionsFor(opened("sev1"), esc, fleetPolicy, false)).toEqual(["trigger"]);
    expect(pagerDutyActionsFor(opened("sev2"), esc, fleetPolicy, false)).toEqual([]);
    expect(pagerDutyActionsFor(reclassified("sev3", "sev1"), esc, fleetPolicy, false)).toEqual(["trigger"]);
    expect(pagerDutyActionsFor(reclassified("sev3", "sev1"), { ...esc, status: "acknowledged" }, fleetPolicy, false)).toEqual(["trigger", "acknowledge"]);
    expect(pagerDutyActionsFor(reclassified("sev1", "sev1"), esc, fleetPolicy, true)).toEqual([]);
    expect(pagerDutyActionsFor(reclassified("sev1", "sev2"), esc, fleetPolicy, true)).toEqual([]);
    expect(pagerDutyActionsFor({ kind: "acknowledged", detail: { afterMs: 1, level: "tier1" } }, esc, fleetPolicy, true)).toEqual(["acknowledge"]);
    expect(pagerDutyActionsFor({ kind: "acknowledged", detail: { afterMs: 1, level: "tier1" } }, esc, fleetPolicy, false)).toEqual([]);
    expect(pagerDutyActionsFor({ kind: "resolved", detail: { afterMs: 1, withinSla: true } }, esc, fleetPolicy, true)).toEqual(["resolve"]);
    expect(pagerDutyActionsFor({ kind: "reopened", detail: { reason: "back", resolvedAt: 1, resolvedBy: null } }, esc, fleetPolicy, true)).toEqual(["trigger"]);
    // A playbook without paging: never.
    expect(pagerDutyActionsFor(opened("sev1"), esc, { paging: undefined }, false)).toEqual([]);
  });

  it("maps severities by the playbook's order and keeps a restricted escalation's details out", () => {
    expect(["sev1", "sev2", "sev3", "sev4"].map((s) => pagerDutySeverity(fleetPolicy, s))).toEqual(["critical", "error", "warning", "info"]);
    const esc = escalationRow({ id: 7, severity: "sev1", customer: "Zebracorp", summary: "ZEBRA leak", impact: "ZEBRA impact", restricted: true });
    const body = pagerDutyBody({ esc, policy: fleetPolicy, action: "trigger", routingKey: "k".repeat(32), teamId: "T1", link: undefined, now: 0 });
    expect(body.dedup_key).toBe("escalation-bot:T1:ESC-0007");
    expect(body.payload?.summary).toBe("Restricted escalation ESC-0007: details in Slack");
    expect(JSON.stringify(body)).not.toContain("ZEBRA");
    expect(JSON.stringify(body)).not.toContain("Zebracorp");
    // Acknowledge and resolve carry the key alone.
    expect(pagerDutyBody({ esc, policy: fleetPolicy, action: "resolve", routingKey: "k", teamId: "T1", link: "https://x", now: 0 })).toEqual({ routing_key: "k", event_action: "resolve", dedup_key: "escalation-bot:T1:ESC-0007" });
  });
});

describe("the webhook's events", () => {
  it("are the lifecycle's, named by what changed", () => {
    expect(webhookTypeOf(opened("sev1"))).toBe("escalation.opened");
    expect(webhookTypeOf(reclassified("sev3", "sev1"))).toBe("escalation.severity_changed");
    expect(webhookTypeOf(reclassified("sev1", "sev1"))).toBe("escalation.reclassified");
    expect(webhookTypeOf({ kind: "paused", detail: { timers: [] } })).toBe("escalation.paused");
    expect(webhookTypeOf({ kind: "resumed", detail: { pausedMs: 1, how: "resolved" } })).toBe("escalation.resumed");
    expect(webhookTypeOf({ kind: "owner_changed", detail: { from: null, to: "U1", how: "acknowledged" } })).toBeUndefined();
    expect(webhookTypeOf({ kind: "thread_reply", detail: { ts: "1", nextUpdateDue: null } })).toBeUndefined();
  });

  it("carry a restricted escalation's details only when the playbook allows them", () => {
    const esc = escalationRow({ id: 3, customer: "Zebracorp", summary: "ZEBRA leak", restricted: true });
    const input = { deliveryId: "T1:1:escalation.opened", type: "escalation.opened" as const, occurredAt: 0, esc, link: undefined };
    const hidden = webhookBody({ ...input, policy: fleetPolicy });
    expect(JSON.stringify(hidden)).not.toMatch(/ZEBRA|Zebracorp/);
    expect(hidden.escalation).toMatchObject({ id: "ESC-0003", restricted: true });
    const allowed = webhookBody({ ...input, policy: { ...fleetPolicy, webhooks: { restrictedDetails: true } } });
    expect(allowed.escalation).toMatchObject({ customer: "Zebracorp", summary: "ZEBRA leak" });
  });
});

describe("around the integrations", () => {
  it("Retry-After is read as seconds or a date, and held to 10 minutes", () => {
    expect(retryAfterMs("3", 0)).toBe(3_000);
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfterMs("86400", 0)).toBe(600_000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
    expect(retryAfterMs("soon", 0)).toBeUndefined();
  });

  it("the integrations' secrets are found in the configuration, grouped as they are", () => {
    const found = secretsOf({ logLevel: "info", integrations: { pagerduty: { routingKey: "R0123456789abcdef", eventsUrl: "https://events.pagerduty.com/v2/enqueue" }, webhook: { url: "https://h.example.com/x", secret: "whsec-0123456789abcdef" } } });
    expect(found).toEqual(expect.arrayContaining(["R0123456789abcdef", "whsec-0123456789abcdef"]));
    expect(found).not.toContain("info");
  });

  it("a routing key in a logged body is redacted", () => {
    expect(redactLogText('sent {"routing_key":"R0123456789abcdef","event_action":"trigger"}')).not.toContain("R0123456789abcdef");
  });

  it("a playbook that pages a severity it does not define is refused, naming the field", () => {
    const text = ["name: T", "defaults: { severity: sev1, category: general, level: l1, tier: t }", "severities:", "  - { id: sev1, label: S1, firstResponse: 15m, progressUpdate: 1h, resolution: 4h }",
      "tiers: [{ id: t, label: T }]", "levels: [{ id: l1, label: L1, channels: ['#l1'] }]", "paging: { pagerduty: { severities: [sev9] } }"].join("\n");
    let err: unknown;
    try {
      parsePolicy(text, "t.yml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as Error).message).toMatch(/paging\.pagerduty\.severities\[0\].*sev9/);
  });
});
