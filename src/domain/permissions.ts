import type { Action } from "./playbook/actions.js";
import { category, level, levelLabel } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";

/**
 * Who may do what to an escalation, decided from the playbook: pure, so the service layer asks it
 * before any change and `policy explain` shows the same answer people get in Slack.
 */

export type { Action };

/**
 * Who a permission names:
 * - `reporter`: who opened the escalation; `owner`: who owns it (took it, was handed it, or
 *   acknowledged it first);
 * - `level`: a member of the owning level's channel or of the escalation's own channel, or a holder
 *   of the owning level's roles or the category's roles (the people the playbook sends it to);
 * - `managers`: a holder of any level's manager role or the playbook's admin role;
 * - `restricted`: a holder of the roles of the escalation's restricted categories (the security
 *   team on a security incident);
 * - `anyone`; or a role id of the playbook.
 */
export const PRINCIPALS = ["reporter", "owner", "level", "managers", "restricted", "anyone"] as const;
export type Principal = (typeof PRINCIPALS)[number] | (string & {});

/** What fits the playbooks: the owning level takes it on; its owner, that level and managers work it. */
export const DEFAULT_PERMISSIONS: Readonly<Record<Action, readonly Principal[]>> = {
  acknowledge: ["level", "managers"],
  update: ["owner", "level", "managers"],
  snooze: ["owner", "level", "managers"],
  escalate: ["owner", "reporter", "level", "managers"],
  resolve: ["owner", "level", "managers"],
  checklist: ["owner", "level", "managers"],
  // Only those who own the restricted subject or manage: the agent who chose another category may not.
  liftRestriction: ["restricted", "managers"],
  // Taking it over is taking it on; handing it on is for whoever has it, its level and managers.
  takeOwnership: ["level", "managers"],
  reassign: ["owner", "level", "managers"],
  reclassify: ["owner", "level", "managers"],
  // Handing it back down is a judgement the owner or a manager makes, not the whole level.
  deescalate: ["owner", "managers"],
  waitOnCustomer: ["owner", "level", "managers"],
  // The reporter hears first when the customer says it is back.
  reopen: ["owner", "reporter", "level", "managers"],
  // Saying two escalations are one incident (or not) is for those working either of them.
  link: ["owner", "level", "managers"],
  // The war room's incident commander: named by whoever works the incident, or a manager.
  assignCommander: ["owner", "level", "managers"],
};

/** Facts about the person acting, gathered from Slack by the caller. */
export interface Actor {
  userId: string;
  /**
   * Channels (of those asked about) the person is a member of: the playbook's references as written
   * ("#fleet-support-tier2") and channel ids alike.
   */
  channels: ReadonlySet<string>;
  /** Playbook role ids the person holds. */
  roles: ReadonlySet<string>;
}

/** The parts of an escalation a permission looks at. */
export interface PermissionSubject {
  reporterId: string;
  ownerId: string | null;
  level: string;
  category: string;
  /** The other categories that apply (one of them may be the restricted one). */
  alsoCategories: readonly string[];
  /**
   * The channel it is routed to, as the playbook names it: where its details are kept from the
   * moment it opens, before the post's id is known (a click may come before the post's
   * bookkeeping is written).
   */
  channel: string;
  /** Where its message is, once posted (a channel id). */
  messageChannelId: string | null;
}

export type Verdict = { allowed: true; as: Principal } | { allowed: false; allowedAre: string };

export function permissionsOf(policy: Policy): Record<Action, readonly Principal[]> {
  return { ...DEFAULT_PERMISSIONS, ...policy.permissions };
}

/** The playbook's manager roles: every level's manager and the admin role. */
export function managerRoles(policy: Policy): string[] {
  return [...new Set([...policy.levels.flatMap((l) => (l.manager ? [l.manager] : [])), ...(policy.defaults.admin ? [policy.defaults.admin] : [])])];
}

/** The roles that make someone part of the owning level: its own, and the category's. */
export function levelRoles(policy: Policy, subject: Pick<PermissionSubject, "level" | "category">): string[] {
  return [...new Set([...level(policy, subject.level).notify, ...category(policy, subject.category).notify])];
}

/** The roles of the escalation's restricted categories, primary or not. */
export function restrictedRoles(policy: Policy, subject: Pick<PermissionSubject, "category" | "alsoCategories">): string[] {
  const restricted = [subject.category, ...subject.alsoCategories].map((id) => category(policy, id)).filter((c) => c.restricted);
  return [...new Set(restricted.flatMap((c) => c.notify))];
}

function holds(principal: Principal, subject: PermissionSubject, actor: Actor, policy: Policy): boolean {
  switch (principal) {
    case "anyone":
      return true;
    case "reporter":
      return actor.userId === subject.reporterId;
    case "owner":
      return subject.ownerId !== null && actor.userId === subject.ownerId;
    case "level":
      return (
        level(policy, subject.level).channels.some((c) => actor.channels.has(c)) ||
        inItsChannel(subject, actor) ||
        levelRoles(policy, subject).some((r) => actor.roles.has(r))
      );
    case "managers":
      return managerRoles(policy).some((r) => actor.roles.has(r));
    case "restricted":
      return restrictedRoles(policy, subject).some((r) => actor.roles.has(r));
    default:
      return actor.roles.has(principal);
  }
}

/** May `actor` do `action`? When refused, says who may, in words for the person refused. */
export function mayDo(action: Action, subject: PermissionSubject, actor: Actor, policy: Policy): Verdict {
  const allowed = permissionsOf(policy)[action];
  const as = allowed.find((p) => holds(p, subject, actor, policy));
  return as !== undefined ? { allowed: true, as } : { allowed: false, allowedAre: describePrincipals(allowed, subject, policy) };
}

/** "the owner, Tier 2's people or a manager" for a refusal or `policy explain`. */
export function describePrincipals(principals: readonly Principal[], subject: Pick<PermissionSubject, "level" | "category"> | undefined, policy: Policy): string {
  const words = principals.map((p) => {
    switch (p) {
      case "anyone":
        return "anyone";
      case "reporter":
        return "the reporter";
      case "owner":
        return "the owner";
      case "level":
        return subject ? `${levelLabel(policy, subject.level)}'s people` : "the owning level's people";
      case "managers":
        return "a manager";
      case "restricted":
        return "the restricted category's people";
      default:
        return policy.roles[p]?.label ?? p;
    }
  });
  return words.length <= 1 ? (words[0] ?? "nobody") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** The verbs of a refusal: "Only the owner or a manager can resolve ESC-0001". */
export const ACTION_VERBS: Readonly<Record<Action, string>> = {
  acknowledge: "acknowledge",
  update: "post updates on",
  snooze: "snooze reminders of",
  escalate: "escalate",
  resolve: "resolve",
  checklist: "tick the checklist of",
  liftRestriction: "lift the restriction on",
  takeOwnership: "take ownership of",
  reassign: "reassign",
  reclassify: "change the severity or category of",
  deescalate: "de-escalate",
  waitOnCustomer: "pause or resume the clocks of",
  reopen: "reopen",
  link: "link or unlink",
  assignCommander: "name the incident commander of",
};

/**
 * May this person see a restricted escalation's details, and so own it: a holder of its restricted
 * categories' roles, a manager, or a member of the channel its details are kept in.
 */
export function maySeeRestricted(subject: PermissionSubject, actor: Actor, policy: Policy): boolean {
  return (
    holds("restricted", subject, actor, policy) ||
    holds("managers", subject, actor, policy) ||
    inItsChannel(subject, actor)
  );
}

/** A member of the channel the escalation is routed to (by name) or posted in (by id). */
function inItsChannel(subject: PermissionSubject, actor: Actor): boolean {
  return actor.channels.has(subject.channel) || (subject.messageChannelId !== null && actor.channels.has(subject.messageChannelId));
}
