import type { EscalationRow } from "../db/schema.js";
import type { Actor } from "../domain/permissions.js";
import { waitOnCustomer } from "../domain/waiting.js";
import type { NotOpen, Refused, UseCaseRunner } from "./use-case.js";

export type WaitResult =
  | { kind: "done"; escalation: EscalationRow }
  | { kind: "not_acknowledged" | "already_paused" | "never_pauses" | "not_allowed" | "not_paused"; escalation: EscalationRow }
  | NotOpen
  | Refused;

/**
 * Waiting on the customer, and the customer's reply: the playbook's paused clocks stop (no reminders,
 * no automatic escalation from them) and run again with their deadlines moved by the time paused.
 * A progress update or a reply in the thread also ends the wait (EscalationSteps.endWait).
 */
export class WaitingService {
  constructor(private readonly run: UseCaseRunner) {}

  waitOnCustomer(id: number, actor: Actor): Promise<WaitResult> {
    return this.run.changeOpen(id, "waitOnCustomer", actor, async (steps, esc, now): Promise<WaitResult> => {
      const live = (await steps.timers.ofEscalation(id)).map((t) => t.kind);
      const wait = waitOnCustomer(esc, live, now, this.run.policy);
      if ("refused" in wait) return { kind: wait.refused, escalation: esc };
      await steps.apply(esc, wait);
      const event = await steps.record(esc, now, actor.userId, { kind: "paused", detail: { timers: wait.stopped } });
      const current = (await steps.escalations.findById(id))!;
      await steps.announce(current, event, now);
      return { kind: "done", escalation: current };
    });
  }

  customerReplied(id: number, actor: Actor): Promise<WaitResult> {
    return this.run.changeOpen(id, "waitOnCustomer", actor, async (steps, esc, now): Promise<WaitResult> => {
      if (esc.pausedAt === null) return { kind: "not_paused", escalation: esc };
      return { kind: "done", escalation: await steps.endWait(esc, now, actor.userId, "customer_replied") };
    });
  }
}
