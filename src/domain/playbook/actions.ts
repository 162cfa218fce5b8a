/**
 * What people do to an escalation, as the playbook's `permissions:` names them. Part of the model:
 * the playbook says who may do each (domain/permissions.ts decides it).
 */
export const ACTIONS = [
  "acknowledge",
  "update",
  "snooze",
  "escalate",
  "resolve",
  "checklist",
  "liftRestriction",
  "takeOwnership",
  "reassign",
  "reclassify",
  "deescalate",
  "waitOnCustomer",
  "reopen",
  "link",
  "assignCommander",
] as const;
export type Action = (typeof ACTIONS)[number];
