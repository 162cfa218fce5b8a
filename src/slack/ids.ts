/** Every id Slack sends back to us, in one place. */

export const COMMAND = "/escalate" as const;

export const CALLBACK = {
  escalationModal: "escalation_modal",
  resolveModal: "resolve_modal",
  updateModal: "update_modal",
  escalateModal: "escalate_modal",
  liftRestrictionModal: "lift_restriction_modal",
  reassignModal: "reassign_modal",
  reclassifyModal: "reclassify_modal",
  deescalateModal: "deescalate_modal",
  reopenModal: "reopen_modal",
  /** A customer update drafted from the playbook's templates; submitting it is "Mark as sent". */
  customerDraftModal: "customer_draft_modal",
  /** The same draft sent back once with its blanks named: submitting it again records it as it is. */
  customerDraftConfirmModal: "customer_draft_confirm_modal",
  linkModal: "link_modal",
  unlinkModal: "unlink_modal",
  commanderModal: "commander_modal",
  /** The App Home view (views.publish): its buttons come back with this callback id. */
  home: "app_home",
  /** The modal with a person's own link to the dashboard (nothing to submit). */
  dashboardLink: "dashboard_link",
} as const;

/** The app's shortcuts (slack-manifest.yml): the global one and the one in a message's "⋯" menu. */
export const SHORTCUT = {
  openEscalation: "open_escalation",
  escalateMessage: "escalate_message",
} as const;

export const ACTION = {
  acknowledge: "escalation_acknowledge",
  resolve: "escalation_resolve",
  postUpdate: "escalation_post_update",
  escalate: "escalation_escalate",
  snooze: "escalation_snooze",
  /** On the reporter's notice that a message waits for its channel: try it again now. */
  retryDelivery: "delivery_retry",
  /** On a restricted escalation's post: its people or a manager say it is not restricted after all. */
  liftRestriction: "escalation_lift_restriction",
  /** The playbook's checklist on the post (verify identity, phone call, ...): the owner ticks items. */
  checklist: "escalation_checklist",
  /** A link button to the thread; Slack still reports the click, which we only ack. */
  openThread: "escalation_open_thread",
  /** The post's "More actions" menu; each option's value is `<MORE action>:<signed ref>`. */
  more: "escalation_more",
  /** The customer answered: the paused clocks run again. */
  customerReplied: "escalation_customer_replied",
  /** On a resolved post, within the playbook's reopen window. */
  reopen: "escalation_reopen",
  /** Opens a customer update drafted from the playbook's templates (on the post; a war room's summary may carry it too). */
  draftCustomerUpdate: "escalation_draft_customer_update",
  /** Export as a button (a resolved post, whose menu is gone): the package as a file in the thread. */
  export: "escalation_export",
  /** Create Jira issue as a button (a resolved post, whose menu is gone), when JIRA_* is set. */
  createJiraIssue: "escalation_create_jira_issue",
  /** On the post and the war room's pinned summary: name the incident commander. */
  assignCommander: "war_room_assign_commander",
  /** On the App Home: publish it again with what is true now. */
  homeRefresh: "home_refresh",
  /** On the App Home: the escalation form, as /escalate opens it. */
  homeNewEscalation: "home_new_escalation",
  /** On the App Home: a modal with a fresh link to the dashboard for the person who clicked. */
  homeDashboard: "home_dashboard",
  /** The link button in that modal; Slack still reports the click, which we only ack. */
  openDashboard: "dashboard_open",
} as const;

/** The App Home's buttons (New escalation, Refresh, Dashboard). */
export const HOME_ACTIONS_BLOCK = "home_actions" as const;

/** The Dashboard modal's link button. */
export const DASHBOARD_LINK_BLOCK = "dashboard_link" as const;

/** What the post's "More actions" menu offers. */
export const MORE = {
  takeOwnership: "take",
  reassign: "reassign",
  reclassify: "reclassify",
  deescalate: "deescalate",
  waitOnCustomer: "wait",
  /** The escalation package and bug report, as a file in the thread. */
  export: "export",
  /** The bug report filed in Jira (when JIRA_* is set and it has no issue yet). */
  jira: "jira",
  /** "Same issue as…": link this escalation to another one (linked-escalations.ts). */
  link: "link",
  /** On a linked escalation: end the link; on a parent: choose which one to unlink. */
  unlink: "unlink",
} as const;
export type MoreAction = (typeof MORE)[keyof typeof MORE];

/** The checklist's block on the post carries the escalation's signed reference: `escalation_checklist:ESC-0042.<sig>`. */
export const checklistBlockId = (signedRef: string): string => `${ACTION.checklist}:${signedRef}`;
/** The signed reference in a checklist block id, or undefined when the block id is not one. */
export const signedRefOfChecklist = (blockId: string): string | undefined =>
  blockId.startsWith(`${ACTION.checklist}:`) ? blockId.slice(ACTION.checklist.length + 1) : undefined;

/** The action block of the escalation's own post: a click there must come from that very message. */
export const ESCALATION_ACTIONS_BLOCK = "escalation_actions" as const;

/** Block ids of the escalation modal; each input block holds one action with the same id. */
export const ESCALATION_FIELD = {
  customer: "customer",
  customerContact: "customer_contact",
  tier: "tier",
  severity: "severity",
  category: "category",
  summary: "summary",
  impact: "impact",
  troubleshooting: "troubleshooting",
  errorMessages: "error_messages",
  environment: "environment",
  reproSteps: "repro_steps",
  workaround: "workaround",
  sentiment: "sentiment",
  ticketRef: "ticket_ref",
  customerRequested: "customer_requested",
} as const;

/** Block ids of the playbook's own extra fields: `pf_<field id>`. */
export const POLICY_FIELD_PREFIX = "pf_" as const;
export const policyFieldBlockId = (fieldId: string): string => `${POLICY_FIELD_PREFIX}${fieldId}`;

export const UPDATE_FIELD = {
  status: "update_status",
  done: "update_done",
  next: "update_next",
  customerVisible: "update_customer_visible",
  /** On a parent of linked escalations: also post it in their threads. */
  children: "update_children",
} as const;

export const ESCALATE_FIELD = {
  level: "escalate_level",
  reason: "escalate_reason",
} as const;

export const REASSIGN_FIELD = {
  user: "reassign_user",
  note: "reassign_note",
} as const;

export const RECLASSIFY_FIELD = {
  severity: "reclassify_severity",
  category: "reclassify_category",
  reason: "reclassify_reason",
} as const;

export const DEESCALATE_FIELD = {
  level: "deescalate_level",
  reason: "deescalate_reason",
} as const;

export const REOPEN_FIELD = {
  reason: "reopen_reason",
} as const;

export const LIFT_FIELD = {
  reason: "lift_reason",
} as const;

export const RESOLVE_FIELD = {
  resolution: "resolution",
  rootCause: "root_cause",
  prevention: "prevention",
  /** On a parent of linked escalations: resolve them too, with the same outcome. */
  children: "resolve_children",
} as const;

export const LINK_FIELD = {
  escalation: "link_escalation",
  typedId: "link_typed_id",
  note: "link_note",
} as const;

export const UNLINK_FIELD = {
  child: "unlink_child",
} as const;

/**
 * Block ids of the customer-update draft. The template menu acts at once (dispatch_action): the
 * form is drawn again from the chosen template. Subject and message carry the template's id
 * (`draft_text:progress-update`), so a new template's text replaces what Slack keeps of the old
 * one's, and the submission says which template its text was written from.
 */
export const DRAFT_FIELD = {
  template: "draft_template",
  subject: "draft_subject",
  text: "draft_text",
} as const;
export const draftBlockId = (field: "subject" | "text", templateId: string): string => `${DRAFT_FIELD[field]}:${templateId}`;
/** The template id a draft's text block was written from, or undefined when the block is not one. */
export const templateOfDraftBlock = (blockId: string): string | undefined =>
  blockId.startsWith(`${DRAFT_FIELD.text}:`) ? blockId.slice(DRAFT_FIELD.text.length + 1) : undefined;
export const COMMANDER_FIELD = {
  user: "commander_user",
} as const;

/** The action block of the war room's pinned summary (its buttons, built from a list). */
export const ROOM_ACTIONS_BLOCK = "war_room_actions" as const;
