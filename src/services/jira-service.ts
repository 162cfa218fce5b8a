import type { Tx } from "../db/connection.js";
import type { EscalationRow, OutboxRow } from "../db/schema.js";
import { outboxKey } from "../domain/outbox-intent.js";
import { maySeeRestricted, type Actor } from "../domain/permissions.js";
import type { Policy } from "../domain/playbook/model.js";
import { EscalationSteps, inSteps } from "./escalation-steps.js";
import type { ServiceDeps } from "./use-case.js";

/**
 * Create Jira issue: one issue per escalation, made by the outbox (integrations/jira-sender.ts)
 * from the export's bug report. Asking writes the row under one dedupe key, so a second press, a
 * second person or a replayed click never makes a second issue: they are told the key, or that it
 * is on its way (or waits for Jira, parked).
 */
export type JiraRequestResult =
  | { kind: "queued"; escalation: EscalationRow }
  /** The issue exists: its key. */
  | { kind: "exists"; escalation: EscalationRow; key: string }
  /** Asked already and not made yet: `status` of the row (pending, held, parked: Jira refuses; failed). */
  | { kind: "in_progress"; escalation: EscalationRow; status: OutboxRow["status"]; error: string | null }
  | { kind: "not_found" }
  /** A restricted escalation, and the person may not see it. */
  | { kind: "refused"; escalation: EscalationRow }
  /** JIRA_* is not set: no action was offered, so the click is stale. */
  | { kind: "off" };

export class JiraService {
  constructor(private readonly deps: ServiceDeps & { jiraOn: boolean }) {}

  async requestIssue(id: number, actor: Actor): Promise<JiraRequestResult> {
    const { db, policy, clock } = this.deps;
    if (!this.deps.jiraOn) return { kind: "off" };
    const now = clock.now();
    const result = await inSteps(db, policy, async (steps): Promise<JiraRequestResult> => {
      const esc = await steps.escalations.findForUpdate(id);
      if (!esc) return { kind: "not_found" };
      if (esc.restricted && !maySeeRestricted(esc, actor, policy)) return { kind: "refused", escalation: esc };
      if (esc.jiraKey) return { kind: "exists", escalation: esc, key: esc.jiraKey };
      const earlier = await steps.outbox.findByDedupeKey(outboxKey.jira(esc.id));
      if (earlier) return { kind: "in_progress", escalation: esc, status: earlier.status, error: earlier.lastError };
      await steps.send(esc, { kind: "jira_issue", requestedBy: actor.userId }, outboxKey.jira(esc.id), now);
      return { kind: "queued", escalation: esc };
    });
    if (result.kind === "queued") this.deps.onOutboxWritten?.();
    return result;
  }
}

/**
 * Jira answered with the issue's key: kept on the escalation, on its timeline, on its post (a link)
 * and in its thread; run in the transaction that marks the outbox row sent.
 */
export async function keepJiraIssue(tx: Tx, policy: Policy, esc: EscalationRow, issue: { key: string; url: string; requestedBy: string; found: boolean; now: number }): Promise<void> {
  const steps = new EscalationSteps(tx, policy);
  if (!(await steps.escalations.update(esc.id, { jiraKey: issue.key }))) return;
  const event = await steps.record(esc, issue.now, issue.requestedBy, {
    kind: "jira_issue_created",
    detail: { key: issue.key, url: issue.url, requestedBy: issue.requestedBy, ...(issue.found ? { found: true } : {}) },
  });
  await steps.announce({ ...esc, jiraKey: issue.key }, event, issue.now);
}
