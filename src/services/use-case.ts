import type { Db } from "../db/connection.js";
import type { EscalationRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import type { Policy } from "../domain/playbook/model.js";
import type { IntegrationSwitches } from "../domain/integration-events.js";
import { mayDo, type Action, type Actor } from "../domain/permissions.js";
import { inSteps, type EscalationSteps } from "./escalation-steps.js";

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  policy: Policy;
  /** Called after a commit that wrote outbox rows, so the deliverer can send them now. */
  onOutboxWritten?: () => void;
  /** The integrations configured (PagerDuty, the webhook): lifecycle events are queued for them. */
  integrations?: IntegrationSwitches;
}

/** The person may not do this: nothing changed, the attempt is on the timeline. */
export type Refused = { kind: "refused"; escalation: EscalationRow; action: Action; allowedAre: string };

export type NotOpen = { kind: "already_resolved"; escalation: EscalationRow } | { kind: "not_found" };

export type MayResult = { kind: "allowed"; escalation: EscalationRow } | NotOpen | Refused;

/**
 * How every use case runs: one transaction holding the escalation's lock, the playbook's permission
 * asked first (a refusal changes nothing but the timeline), and the deliverer told once the outbox
 * rows it wrote are committed. Each use case module (opening, ownership, waiting, ...) is built on
 * one of these, so none of them grows into a switch over all the others.
 */
export class UseCaseRunner {
  constructor(readonly deps: ServiceDeps) {}

  get policy(): Policy {
    return this.deps.policy;
  }

  /** Runs `change` in a transaction and tells the deliverer when its result's kind is one of `changedKinds`. */
  async transact<R extends { kind: string }>(changedKinds: readonly string[], change: (steps: EscalationSteps, now: number) => Promise<R>): Promise<R> {
    const now = this.deps.clock.now();
    const result = await inSteps(this.deps.db, this.deps.policy, (steps) => change(steps, now), this.deps.integrations);
    if (changedKinds.includes(result.kind)) this.deps.onOutboxWritten?.();
    return result;
  }

  /**
   * A change to an escalation that is still open, by a person the playbook allows; a missing or
   * already resolved escalation answers for itself. Results of kind "done" tell the deliverer.
   */
  changeOpen<R extends { kind: string }>(
    id: number,
    action: Action,
    actor: Actor,
    change: (steps: EscalationSteps, esc: EscalationRow, now: number) => Promise<R>,
  ): Promise<R | NotOpen | Refused> {
    return this.changeAny<R | NotOpen>(id, action, actor, (steps, esc, now) =>
      esc.status === "resolved" ? Promise.resolve({ kind: "already_resolved" as const, escalation: esc }) : change(steps, esc, now),
    );
  }

  /** A change to an escalation whatever its status (reopening a resolved one), by a person the playbook allows. */
  changeAny<R extends { kind: string }>(
    id: number,
    action: Action,
    actor: Actor,
    change: (steps: EscalationSteps, esc: EscalationRow, now: number) => Promise<R>,
  ): Promise<R | { kind: "not_found" } | Refused> {
    return this.transact(["done"], async (steps, now): Promise<R | { kind: "not_found" } | Refused> => {
      const esc = await steps.escalations.findForUpdate(id);
      if (!esc) return { kind: "not_found" };
      return (await this.refuse(steps, esc, action, actor, now)) ?? change(steps, esc, now);
    });
  }

  /**
   * The playbook's permission for `action` (domain/permissions.ts). A refusal changes nothing but
   * the timeline, where it is kept with who tried and who may.
   */
  async refuse(steps: EscalationSteps, esc: EscalationRow, action: Action, actor: Actor, now: number): Promise<Refused | undefined> {
    const verdict = mayDo(action, esc, actor, this.deps.policy);
    if (verdict.allowed) return undefined;
    await steps.record(esc, now, actor.userId, { kind: "refused", detail: { action, allowedAre: verdict.allowedAre } });
    return { kind: "refused", escalation: esc, action, allowedAre: verdict.allowedAre };
  }

  /** Before a form about the escalation opens: may this person do what the form is for? */
  mayStart(id: number, action: Action, actor: Actor, opts: { resolvedToo?: boolean } = {}): Promise<MayResult> {
    return this.transact([], async (steps, now): Promise<MayResult> => {
      const esc = await steps.escalations.findForUpdate(id);
      if (!esc) return { kind: "not_found" };
      if (esc.status === "resolved" && !opts.resolvedToo) return { kind: "already_resolved", escalation: esc };
      return (await this.refuse(steps, esc, action, actor, now)) ?? { kind: "allowed", escalation: esc };
    });
  }
}
