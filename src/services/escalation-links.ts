import type { EscalationRepo } from "../db/escalation-repo.js";
import type { EscalationRow } from "../db/schema.js";

/** An escalation's links: the one it is the same issue as, or those that are the same issue as it. */
export interface Links {
  parent?: EscalationRow;
  children: EscalationRow[];
}

export async function linksOf(repo: EscalationRepo, esc: EscalationRow): Promise<Links> {
  const parent = esc.parentId !== null ? await repo.findById(esc.parentId) : undefined;
  return { ...(parent ? { parent } : {}), children: await repo.childrenOf(esc.id) };
}
