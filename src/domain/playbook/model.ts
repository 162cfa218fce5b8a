import type { BusinessCalendar } from "../business-calendar.js";
import type { Action } from "./actions.js";
import type { SlaDuration } from "../sla-duration.js";
import type { DocumentationSpec, FeatureRequestsSpec, LinkingSpec, RepeatsSpec, TemplateSpec, WarRoomSpec } from "./incident-model.js";
import type { WeeklyReviewSpec } from "./review-model.js";
import type { TicketingSpec } from "../ticket-link.js";
import type { ReadingCondition, ReadingSpec } from "../reading.js";

export * from "./incident-model.js";
export * from "./review-model.js";

/**
 * The playbook as the domain runs it. The types are the domain's own: src/policy/ (the YAML
 * adapter) validates a file against its schema and must produce exactly this shape, which
 * src/policy/schema.ts checks at compile time. Field comments say what each setting means; the
 * schema says how it is spelled and what is refused.
 */

/** One duration for everyone, or a table by customer tier (TeamFlow: Basic 24h, Pro 8h, ...). */
export type TargetSpec = SlaDuration | Record<string, SlaDuration>;

export type TargetName = "firstResponse" | "progressUpdate" | "resolution";

/** The playbook passage an entry encodes: its section title and a phrase quoted from that section. */
export interface Passage {
  section: string;
  quote: string;
}

/**
 * One line of a severity's definition as the playbook writes it ("Single enterprise customer unable to
 * use app"), as conditions on who is affected and how badly (domain/reading.ts), and on the tier.
 */
export interface SeverityDefinition extends ReadingCondition {
  tier?: string[] | undefined;
  passage?: Passage | undefined;
}

/** Business hours as written: keys are a day (mon) or a span (mon-fri); values "06:00-20:00" or a list. */
export interface CalendarSpec {
  zone: string;
  hours: Record<string, string | string[]>;
  /** Local dates ("2026-12-25") closed all day. */
  holidays: string[];
}

export interface SeveritySpec {
  id: string;
  label: string;
  aliases: string[];
  description?: string | undefined;
  /** "24x7" or the name of a calendar: which hours count toward this severity's targets. */
  clock?: string | undefined;
  firstResponse: TargetSpec;
  progressUpdate: TargetSpec;
  resolution: TargetSpec;
  /** Phrases that suggest this severity (the most severe match wins). */
  match: string[];
  /** False friends: a mention inside one of these phrases does not count ("down" in "drop-down"). */
  unless: string[];
  /** Escalations of this severity start at least at this level (Generic: P1 → immediately Level 4). */
  level?: string | undefined;
  /** Levels told at once when an escalation of this severity opens (Fleet: Sev 1 → Tier 2 + Tier 3 + Management). */
  alsoNotifyLevels: string[];
  /** Roles mentioned on the post and sent a direct message when an escalation of this severity opens. */
  notify: string[];
  /** The playbook's definition of this severity, line by line: the first severity (most severe first) one of whose lines the text meets is the one the definition gives. */
  definitions: SeverityDefinition[];
  passage?: Passage | undefined;
}

export interface TierSpec {
  id: string;
  label: string;
  aliases: string[];
  /** Multiplies targets: 0.5 is "50 % faster" (Fleet Enterprise), 2 is "+100 %" (Fleet Trial). */
  factor: number;
  /** Which targets the factor changes; the playbooks mostly speak of response time. */
  factorAppliesTo: TargetName[];
  /** Overrides the severity's clock, e.g. "Enterprise customers: 24/7 coverage". */
  clock?: string | undefined;
  notify: string[];
  cc: string[];
  flags: string[];
  passage?: Passage | undefined;
}

export interface LevelSpec {
  id: string;
  label: string;
  channels: string[];
  notify: string[];
  /** Role told when this level's clocks run out (acknowledgement missed, budget used). */
  manager?: string | undefined;
  /** Time at this level before it moves to the next one automatically (Fleet: Tier 1 4h, Tier 2 8h). */
  budget?: TargetSpec | undefined;
  /** What stops the level's budget: being resolved, or only being taken on (acknowledged). */
  budgetStops?: "acknowledged" | "resolved" | undefined;
  /** This level's own first-response target, if the playbook gives one. */
  firstResponse?: TargetSpec | undefined;
  /**
   * Where an escalation goes from here: a level id, `none` (NO_NEXT_LEVEL, the top), or a table by
   * severity with an optional `default`. Without it, the next level in the file (a ladder).
   */
  next?: string | Record<string, string> | undefined;
  passage?: Passage | undefined;
}

export interface CategorySpec {
  id: string;
  label: string;
  /** Phrases (word boundaries, simple inflections, negated mentions ignored). */
  match: string[];
  /** False friends: a mention inside one of these phrases does not count ("breach" in "breach the SLA"). */
  unless: string[];
  /** Checklist items the owner must tick (ids of the playbook's `flags`). */
  flags: string[];
  /** The severity to start from when this category matches, instead of the default (may be lower). */
  severity?: string | undefined;
  minSeverity?: string | undefined;
  level?: string | undefined;
  channels: string[];
  notify: string[];
  cc: string[];
  /** Details stay in this category's channels; other channels only learn that something was opened. */
  restricted: boolean;
  /** The category's own targets; the earlier of these and the severity's applies (TeamFlow: security 15 min)... */
  firstResponse?: TargetSpec | undefined;
  progressUpdate?: TargetSpec | undefined;
  resolution?: TargetSpec | undefined;
  alsoNotifyLevels: string[];
  /** ...unless this is true: then the category's targets replace the severity's, even when longer. */
  ownTargets: boolean;
  /** The category also applies when the text's scope and impact meet one of these (Fleet outage: unusable for everyone). */
  reading?: ReadingCondition[] | undefined;
  /** The category does not apply when the text says this (an outage that works again is not an outage now). */
  unlessImpact?: ReadingCondition["impact"];
  /** The category also applies when the customer asked for escalation (the form's box). */
  customerRequested?: true | undefined;
  passage?: Passage | undefined;
}

/** Who holds a role: Slack user ids, e-mails looked up in Slack, user groups. */
export interface RoleSpec {
  label?: string | undefined;
  users: string[];
  emails: string[];
  usergroups: string[];
}

/** A field of the playbook's own on the escalation form (customers affected, refund amount, ...). */
export interface FieldSpec {
  id: string;
  label: string;
  kind: "number" | "text" | "checkbox";
  hint?: string | undefined;
  /** A number field left empty is read from the text: the dollar amount next to one of these phrases. */
  fromText?: string[] | undefined;
}

/** When a rule applies: every condition given must hold. */
export interface RuleCondition extends ReadingCondition {
  text?: string[] | undefined;
  /** With `text`: mentions inside these phrases do not count. */
  unless?: string[] | undefined;
  field?: string | undefined;
  above?: number | undefined;
  atLeast?: number | undefined;
  checked?: boolean | undefined;
  tier?: string[] | undefined;
  severity?: string[] | undefined;
  category?: string[] | undefined;
  /** The rule does not apply when one of these categories does (several customers asking for a feature). */
  unlessCategory?: string[] | undefined;
  /** The customer asked for escalation: the form's box, or an earlier rule that read it in the text. */
  customerRequested?: true | undefined;
}

/** What a rule does when it applies. */
export interface RuleEffect {
  category?: string | undefined;
  /**
   * This category applies too, as if its phrases had matched: it becomes the primary only when it is
   * more severe than the primary so far (or nothing matched); otherwise it is one of the others.
   */
  addCategory?: string | undefined;
  minSeverity?: string | undefined;
  /** Raise severity by this many steps (1 turns Sev 3 into Sev 2). */
  raiseSeverity?: number | undefined;
  /** Start at least at this level. */
  level?: string | undefined;
  channels: string[];
  notify: string[];
  cc: string[];
  flags: string[];
  alsoNotifyLevels: string[];
  /** The text says the customer asked for escalation: the same as the form's box, never twice. */
  customerRequested?: true | undefined;
}

export interface RuleSpec {
  id: string;
  /** Said in the explanation: "Refund over $1,000 needs the finance director". */
  reason: string;
  when: RuleCondition;
  then: RuleEffect;
  passage?: Passage | undefined;
}

/** The automatic escalation triggers' settings; the triggers themselves always run. */
export interface TriggersSpec {
  /** Share of the resolution target used before the owner and warnNotify are warned (0.75 = 75 %). */
  resolutionWarnAt: number;
  /** Roles DMed when a resolution target is about to be missed (besides the owner, told in the thread). */
  warnNotify: string[];
  /** Roles DMed when a resolution target is missed. */
  breachNotify: string[];
  /** Roles DMed when the customer asked for escalation (the escalation also starts one level up). */
  customerRequestNotify: string[];
  /** At the warning, also hand the escalation to the next level on its path. */
  warnEscalates: boolean;
  /**
   * "Next tier" counted from this level (where the agent writes the escalation: Fleet's Tier 1) rather
   * than from the level the escalation would start at; absent: one level above the start.
   */
  customerRequestFrom?: string | undefined;
  /** False when the request moves no level (the playbook gives it none): recorded and its roles told only. */
  customerRequestMoves: boolean;
  /** The passage behind the customer-request trigger. */
  customerRequestPassage?: Passage | undefined;
}

/** The clocks "Waiting on customer" may stop. */
export const PAUSABLE_CLOCKS = ["progressUpdate", "resolution", "levelBudget"] as const;
export type PausableClock = (typeof PAUSABLE_CLOCKS)[number];

/** What happens over an escalation's life after it opens. */
export interface LifecycleSpec {
  /**
   * The clocks "Waiting on customer" stops (the first response never waits: someone must answer
   * first). A restricted category's clocks never stop: a security incident does not wait.
   */
  pauseClocks: PausableClock[];
  /** How long after being resolved an escalation may be reopened. */
  reopenWindow: SlaDuration;
  /** May an escalation be handed back down to a lower level (with a reason)? */
  deescalate: boolean;
  /** A person's reply in the escalation's thread counts as a progress update for the update clock. */
  threadRepliesCountAsUpdates: boolean;
}


export interface PlaybookDefaults {
  severity: string;
  category: string;
  level: string;
  tier: string;
  clock: string;
  /** The role told by DM when the bot cannot get a message into Slack for a long time (its admins). */
  admin?: string | undefined;
}

/** A playbook as written and checked, before its calendars are compiled: plain data. */
export interface PolicyFile {
  name: string;
  description?: string | undefined;
  /** The playbook text this file encodes (a path relative to the file): every passage's quote is checked against it. */
  source?: string | undefined;
  /** The playbook's words for customers and users, for reading scope and impact. */
  reading: ReadingSpec;
  defaults: PlaybookDefaults;
  calendars: Record<string, CalendarSpec>;
  severities: SeveritySpec[];
  tiers: TierSpec[];
  levels: LevelSpec[];
  categories: CategorySpec[];
  roles: Record<string, RoleSpec>;
  fields: FieldSpec[];
  /** Checklist items in the playbook's own words, by id. */
  flags: Record<string, string>;
  rules: RuleSpec[];
  /** Who may do what; an action left out keeps its default (domain/permissions.ts). */
  permissions: Partial<Record<Action, string[]>>;
  triggers: TriggersSpec;
  lifecycle: LifecycleSpec;
  /** Customer-communication templates (drafts the owner edits and sends; the bot never writes to customers). */
  templates: TemplateSpec[];
  /** How an escalation is exported (the package and the bug report); a built-in format when the playbook gives none. */
  documentation: DocumentationSpec;
  linking: LinkingSpec;
  /** The war room of a major incident; absent when the playbook describes none. */
  warRoom?: WarRoomSpec | undefined;
  /** The weekly escalation review post; absent when the playbook describes none. */
  weeklyReview?: WeeklyReviewSpec | undefined;
  /** The same customer escalating again and again; absent: not watched. */
  repeats?: RepeatsSpec | undefined;
  /** Several customers asking for the same feature; absent: not tallied. */
  featureRequests?: FeatureRequestsSpec | undefined;
  /** Which severities page through PagerDuty (when PAGERDUTY_ROUTING_KEY is set); absent: none. */
  paging?: PagingSpec | undefined;
  /** What the outbound webhook (WEBHOOK_URL) may carry; absent: the defaults. */
  webhooks?: WebhooksSpec | undefined;
  /** How a Jira issue is filed (when JIRA_* is set): project, issue type, priority by severity; absent: the defaults. */
  jira?: JiraSpec | undefined;
  /** The support team's ticketing system: its name and a link template for ticket references; absent: shown as typed. */
  ticketing?: TicketingSpec | undefined;
}

/** Paging on-call through PagerDuty (Fleet: "PagerDuty for Severity 1 incidents"). */
export interface PagingSpec {
  pagerduty: { severities: string[] };
}

/** The outbound webhook: a restricted escalation's details go only when the playbook allows them. */
export interface WebhooksSpec {
  restrictedDetails: boolean;
}

/** Create Jira issue: where it goes and how it is typed; a restricted escalation's details only when allowed. */
export interface JiraSpec {
  project?: string | undefined;
  issueType: string;
  priorities: Record<string, string>;
  labels: string[];
  restrictedDetails: boolean;
}

/** A validated playbook, ready for the domain functions: calendars compiled, references checked. */
export type Policy = Omit<PolicyFile, "calendars"> & {
  /** The file it came from, for messages. */
  source: string;
  calendars: Record<string, BusinessCalendar>;
  /** The calendars as written, so the playbook can be handed to another thread as plain data. */
  calendarSpecs: PolicyFile["calendars"];
  /**
   * The file's `# NOTE:` comments (what it assumes beyond the playbook), by the entry they sit above:
   * "severities/sev3", "categories/churn-risk", "rules/multiple-customers", "calendars/tier2-hours", "triggers".
   */
  notes: Record<string, string>;
  /** The file's `source:` (the playbook's text its passages were checked against); `source` above is the policy file. */
  playbookSource?: string | undefined;
};
