import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import { mayDraft, type LatestUpdate } from "../domain/customer-draft.js";
import type { Actor } from "../domain/permissions.js";
import type { TimelineEventOf } from "../domain/timeline-event.js";
import type { UseCaseRunner } from "./use-case.js";

/** What a person says they sent the customer. */
export type CustomerUpdate = TimelineEventOf<"customer_update_sent">["detail"];

/** The escalation is restricted and this person may not see it: nothing shown, nothing recorded. */
export type NotAllowedToSee = { kind: "not_allowed"; escalation: EscalationRow };

export type DraftAccess = { kind: "allowed"; escalation: EscalationRow; latestUpdate: LatestUpdate | undefined } | { kind: "not_found" } | NotAllowedToSee;

export type SentResult = { kind: "done"; escalation: EscalationRow; event: TimelineEventRow } | { kind: "not_found" } | NotAllowedToSee;

/**
 * Customer-communication drafts: what a draft is filled from, and "Mark as sent", which keeps the text
 * a person sent on the timeline and tells the thread. The bot never writes to a customer. Open or
 * resolved alike (the resolution notice is drafted once it is resolved); who may is whoever may see
 * the escalation (domain/customer-draft.ts mayDraft).
 */
export class CustomerUpdateService {
  constructor(private readonly run: UseCaseRunner) {}

  /** The escalation and its latest progress update, for a draft; refused to whoever may not see it. */
  draft(id: number, actor: Actor): Promise<DraftAccess> {
    return this.run.transact([], async (steps): Promise<DraftAccess> => {
      const esc = await steps.escalations.findById(id);
      if (!esc) return { kind: "not_found" };
      if (!mayDraft(esc, actor, this.run.policy)) return { kind: "not_allowed", escalation: esc };
      const update = await steps.timeline.latestOfKind(id, "progress_update");
      return { kind: "allowed", escalation: esc, latestUpdate: update && { status: update.detail.status, done: update.detail.done, next: update.detail.next } };
    });
  }

  /** Records what was sent, by whom, and replies in the thread with it. */
  markSent(id: number, actor: Actor, sent: CustomerUpdate): Promise<SentResult> {
    return this.run.transact(["done"], async (steps, now): Promise<SentResult> => {
      const esc = await steps.escalations.findForUpdate(id);
      if (!esc) return { kind: "not_found" };
      if (!mayDraft(esc, actor, this.run.policy)) return { kind: "not_allowed", escalation: esc };
      const event = await steps.record(esc, now, actor.userId, { kind: "customer_update_sent", detail: sent });
      await steps.reply(esc, event, now);
      return { kind: "done", escalation: esc, event };
    });
  }
}
