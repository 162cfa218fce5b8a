import { EscalationRepo } from "../db/escalation-repo.js";
import type { EscalationRow } from "../db/schema.js";
import * as lifecycle from "../domain/lifecycle.js";
import { mayDo, type Actor } from "../domain/permissions.js";
import type { UseCaseRunner } from "./use-case.js";

export type ThreadReplyResult = { kind: "counted"; escalation: EscalationRow } | { kind: "ignored"; why: string };

/**
 * The escalation's thread is its conversation: when the playbook says so
 * (`lifecycle.threadRepliesCountAsUpdates`), a person's reply there counts as a progress update for
 * the update clock, and ends a wait on the customer. Replies from people the playbook does not let
 * post updates are left alone, without a refusal on the timeline: they are just talking.
 */
export class ThreadReplyService {
  constructor(private readonly run: UseCaseRunner) {}

  /** The escalation whose post `threadTs` in `channelId` is, if any (before asking Slack who the replier is). */
  findByPost(channelId: string, threadTs: string): Promise<EscalationRow | undefined> {
    return this.run.deps.db.read((tx) => new EscalationRepo(tx).findByPost(channelId, threadTs));
  }

  reply(id: number, actor: Actor, ts: string): Promise<ThreadReplyResult> {
    const { policy } = this.run;
    return this.run.transact(["counted"], async (steps, now): Promise<ThreadReplyResult> => {
      if (!policy.lifecycle.threadRepliesCountAsUpdates) return { kind: "ignored", why: "playbook" };
      const found = await steps.escalations.findForUpdate(id);
      if (!found || found.status === "resolved") return { kind: "ignored", why: found ? "resolved" : "not_found" };
      if (!mayDo("update", found, actor, policy).allowed) return { kind: "ignored", why: "not_allowed" };
      const esc = await steps.endWait(found, now, actor.userId, "thread_reply");
      const posted = lifecycle.postUpdate(esc, actor.userId, now, policy);
      if ("refused" in posted) return { kind: "ignored", why: posted.refused };
      await steps.apply(esc, posted);
      const event = await steps.record(esc, now, actor.userId, { kind: "thread_reply", detail: { ts, nextUpdateDue: posted.nextUpdateDue } });
      await steps.refresh(esc, event, now);
      return { kind: "counted", escalation: (await steps.escalations.findById(id))! };
    });
  }
}
