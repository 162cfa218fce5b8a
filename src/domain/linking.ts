import type { Escalation } from "./escalation.js";
import { formatEscalationId } from "./escalation-id.js";
import { severityRank } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";

/**
 * Linked escalations: several customers' escalations of one incident, as a parent and its children
 * ("Same issue as…"). One level deep, so that a parent's post lists every customer and resolving it
 * reaches them all: linking to an escalation that is itself linked links to its parent (its root)
 * instead, and an escalation that already has children cannot become a child.
 */

type Linkable = Pick<Escalation, "id" | "status" | "parentId">;

export type LinkRefusal =
  | { refused: "self" }
  | { refused: "cycle"; via: number }
  | { refused: "resolved"; target: number }
  | { refused: "already_linked"; parent: number }
  | { refused: "has_children"; children: number[] };

/** Where `child` is linked to: the chosen escalation, or its root when the chosen one is itself linked. */
export type LinkTarget = { parentId: number; viaChild?: number };

/**
 * Follows parents up from `startId` (at most `limit` steps, so a corrupt loop in stored data ends):
 * true when `id` is met, that is when making `startId` the parent of `id` would close a circle.
 */
export function wouldCycle(id: number, startId: number, parentOf: (id: number) => number | null | undefined, limit = 100): boolean {
  let at: number | null | undefined = startId;
  for (let steps = 0; at !== null && at !== undefined && steps <= limit; steps++) {
    if (at === id) return true;
    at = parentOf(at);
  }
  return false;
}

/**
 * Whether `child` may be linked to `chosen`, and to which escalation it then hangs: `root` is the
 * chosen one's parent when it has one (it must be passed then), `childrenOfChild` the escalations
 * already linked to `child`.
 */
export function linkTarget(child: Linkable, chosen: Linkable, root: Linkable | undefined, childrenOfChild: readonly number[]): LinkTarget | LinkRefusal {
  if (chosen.id === child.id) return { refused: "self" };
  const parents = new Map<number, number | null>([
    [child.id, child.parentId],
    [chosen.id, chosen.parentId],
    ...(root ? ([[root.id, root.parentId]] as const) : []),
  ]);
  if (wouldCycle(child.id, chosen.id, (id) => parents.get(id))) return { refused: "cycle", via: chosen.id };
  if (child.parentId !== null) return { refused: "already_linked", parent: child.parentId };
  if (childrenOfChild.length > 0) return { refused: "has_children", children: [...childrenOfChild] };
  const parent = chosen.parentId !== null && root ? root : chosen;
  if (parent.status === "resolved") return { refused: "resolved", target: parent.id };
  return parent.id === chosen.id ? { parentId: parent.id } : { parentId: parent.id, viaChild: chosen.id };
}

/** Why a link was refused, in words for the form's inline error. */
export function linkRefusalText(refusal: LinkRefusal, childId: number, chosenId: number): string {
  const child = formatEscalationId(childId);
  const chosen = formatEscalationId(chosenId);
  switch (refusal.refused) {
    case "self":
      return `${child} cannot be the same issue as itself: choose another escalation.`;
    case "cycle":
      return `${chosen} is already linked to ${child}: linking back would make a circle. Unlink it first, or choose another escalation.`;
    case "resolved":
      return `${formatEscalationId(refusal.target)} is already resolved: link to an open escalation, or reopen it first.`;
    case "already_linked":
      return `${child} is already linked to ${formatEscalationId(refusal.parent)}: unlink it first.`;
    case "has_children":
      return `${child} already has linked escalations (${refusal.children.map(formatEscalationId).join(", ")}): link ${chosen} to ${child} instead, or unlink them first.`;
  }
}

/**
 * The severity the parent must have to be at least as severe as its most severe child, when that is
 * higher than its own; undefined when it already is.
 */
export function severityToMatch(policy: Policy, parentSeverity: string, childSeverities: readonly string[]): string | undefined {
  let most = parentSeverity;
  for (const s of childSeverities) {
    const rank = severityRank(policy, s);
    if (rank >= 0 && (severityRank(policy, most) < 0 || rank < severityRank(policy, most))) most = s;
  }
  return most === parentSeverity ? undefined : most;
}

/** "Acme Corp", " acme  corp " and "ACME CORP" are one customer. */
export const customerKey = (customer: string): string => customer.trim().replace(/\s+/g, " ").toLowerCase();

/** How many different customers the parent and its children are about. */
export function distinctCustomers(customers: readonly string[]): number {
  return new Set(customers.map(customerKey).filter((c) => c.length > 0)).size;
}

/**
 * The parent's fields once its linked customers reach the playbook's "multiple customers" threshold:
 * the count written into the playbook's field (never lowered below what someone typed), so its own
 * rules decide who is told. Undefined when the playbook has no such rule, the threshold is not
 * reached, or the field already says as many.
 */
export function multipleCustomersFields(
  policy: Policy,
  fields: Readonly<Record<string, string | number | boolean>>,
  customers: number,
): Record<string, string | number | boolean> | undefined {
  const rule = policy.linking.multipleCustomers;
  if (!rule || customers < rule.at) return undefined;
  const typed = Number(fields[rule.field] ?? 0);
  if (Number.isFinite(typed) && typed >= customers) return undefined;
  return { ...fields, [rule.field]: customers };
}
