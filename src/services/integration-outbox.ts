import type { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow } from "../db/schema.js";
import { pagerDutyActionsFor, webhookTypeOf, type IntegrationSwitches } from "../domain/integration-events.js";
import { deliveryRoute, outboxKey, type OutboxIntent } from "../domain/outbox-intent.js";
import { severityRank } from "../domain/playbook/lookup.js";
import type { Policy } from "../domain/playbook/model.js";
import type { TimelineEvent } from "../domain/timeline-event.js";

/**
 * What a timeline event tells the integrations that are on, written in the transaction that
 * recorded it (so an event is never lost nor told twice): PagerDuty's trigger, acknowledge or
 * resolve for the severities the playbook pages, and the webhook's lifecycle event.
 */
export async function queueIntegrationEvents(
  outbox: OutboxRepo,
  policy: Policy,
  on: IntegrationSwitches,
  esc: EscalationRow,
  event: TimelineEvent & { id: number },
  now: number,
): Promise<void> {
  if (!on.pagerduty && !on.webhook) return;
  const send = (intent: OutboxIntent, key: string) => outbox.enqueue(esc.id, intent, key, now, deliveryRoute(intent, esc, severityRank(policy, esc.severity)));
  if (on.pagerduty) {
    const paged = (await outbox.intentsOf(esc.id, "pagerduty_event")).some((i) => i.kind === "pagerduty_event" && i.action === "trigger");
    for (const action of pagerDutyActionsFor(event, esc, policy, paged)) {
      await send({ kind: "pagerduty_event", action, eventId: event.id }, outboxKey.pagerduty(esc.id, action, event.id));
    }
  }
  const type = on.webhook ? webhookTypeOf(event) : undefined;
  if (type) await send({ kind: "webhook_event", type, eventId: event.id }, outboxKey.webhook(event.id, type));
}
