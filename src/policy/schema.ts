import { z } from "zod";
import { ACTIONS } from "../domain/playbook/actions.js";
import { DEFAULT_BUG_REPORT, DEFAULT_DOCUMENT_SECTIONS } from "../domain/documentation-format.js";
import { DOCUMENT_VALUES, PAUSABLE_CLOCKS, TEMPLATE_KINDS, TEMPLATE_PLACEHOLDERS, type PolicyFile } from "../domain/playbook/model.js";
import { parseSlaDuration, type SlaDuration } from "../domain/sla-duration.js";
import type { Same } from "../domain/same-type.js";
import { zFeatureRequests, zRepeats, zWeeklyReview } from "./insight-schema.js";
import { zJira, zPaging, zWebhooks } from "./integration-schema.js";
import { zTicketing } from "./ticketing-schema.js";
import { zImpacts, zPassage, zReading, zReadingCondition, zSeverityDefinition } from "./reading-schema.js";
import { zRule } from "./rule-schema.js";

/**
 * The playbook file as people write it (YAML): how each setting is spelled and what is refused.
 * Field names are the words policy authors use; a valid file is exactly the domain's PolicyFile
 * (domain/playbook/model.ts, checked below), which the loader compiles into the `Policy` the domain
 * functions take.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "expected an id of lower-case letters, digits, '-' or '_' (e.g. sev1, tier-2)");

export const zDuration = z.string().transform((text, ctx): SlaDuration => {
  const d = parseSlaDuration(text);
  if (!d) {
    ctx.addIssue({ code: "custom", message: `'${text}' is not a duration; write e.g. 15m, 4h, 1 day, 3 business days` });
    return z.NEVER;
  }
  return d;
});

/** A target: one duration for everyone, or a table by customer tier (TeamFlow: Basic 24h, Pro 8h, ...). */
export const zTarget = z.unknown().transform((value, ctx): SlaDuration | Record<string, SlaDuration> => {
  const duration = (v: unknown, path: string[]): SlaDuration | undefined => {
    const d = typeof v === "string" ? parseSlaDuration(v) : undefined;
    if (!d) ctx.addIssue({ code: "custom", path, message: `${JSON.stringify(v)} is not a duration; write e.g. 15m, 4h, 1 day, 3 business days` });
    return d;
  };
  if (typeof value === "string") return duration(value, []) ?? z.NEVER;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const table: Record<string, SlaDuration> = {};
    for (const [tierId, v] of Object.entries(value)) {
      const d = duration(v, [tierId]);
      if (d) table[tierId] = d;
    }
    return table;
  }
  ctx.addIssue({ code: "custom", message: "expected a duration (e.g. 4h) or a table by tier (e.g. { basic: 24h, enterprise: 4h })" });
  return z.NEVER;
});

const phrase = z.string().trim().min(1, "phrases cannot be empty");

const zTimeRange = z
  .string()
  .regex(/^\s*\d{2}:\d{2}\s*-\s*\d{2}:\d{2}\s*$/, "expected opening hours like 06:00-20:00");

export const zCalendar = z.strictObject({
  zone: z.string().min(1, "expected an IANA time zone such as America/Los_Angeles"),
  /** Keys: a day (mon) or a span of days (mon-fri); values: "06:00-20:00" or a list of such ranges. */
  hours: z.record(z.string(), z.union([zTimeRange, z.array(zTimeRange)])),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2026-12-25")).default([]),
});

export const zSeverity = z.strictObject({
  id,
  label: z.string().min(1),
  aliases: z.array(phrase).default([]),
  description: z.string().optional(),
  /** "24x7" or the name of a calendar: which hours count toward this severity's targets. */
  clock: z.string().optional(),
  firstResponse: zTarget,
  progressUpdate: zTarget,
  resolution: zTarget,
  /** Phrases that suggest this severity (the most severe match wins). */
  match: z.array(phrase).default([]),
  /** False friends: a mention inside one of these phrases does not count ("down" in "drop-down"). */
  unless: z.array(phrase).default([]),
  /** Escalations of this severity start at least at this level (Generic: P1 → immediately Level 4). */
  level: id.optional(),
  /** Levels told at once when an escalation of this severity opens (Fleet: Sev 1 → Tier 2 + Tier 3 + Management). */
  alsoNotifyLevels: z.array(id).default([]),
  /** Roles mentioned on the post and sent a direct message when an escalation of this severity opens. */
  notify: z.array(id).default([]),
  /** The playbook's definition, line by line, as conditions on scope and impact (most severe severity first wins). */
  definitions: z.array(zSeverityDefinition).default([]),
  passage: zPassage.optional(),
});

export const zTier = z.strictObject({
  id,
  label: z.string().min(1),
  aliases: z.array(phrase).default([]),
  /** Multiplies targets: 0.5 is "50 % faster" (Fleet Enterprise), 2 is "+100 %" (Fleet Trial). */
  factor: z.number().positive("expected a positive number such as 0.5 or 2").default(1),
  /** Which targets the factor changes; the playbooks mostly speak of response time. */
  factorAppliesTo: z.array(z.enum(["firstResponse", "progressUpdate", "resolution"])).default(["firstResponse"]),
  /** Overrides the severity's clock, e.g. "Enterprise customers: 24/7 coverage". */
  clock: z.string().optional(),
  notify: z.array(id).default([]),
  cc: z.array(id).default([]),
  flags: z.array(id).default([]),
  passage: zPassage.optional(),
});

/** A level id, or `none` (NO_NEXT_LEVEL): this is the top, nowhere further to go. */
const zLevelRef = id;

export const zLevel = z.strictObject({
  id,
  label: z.string().min(1),
  channels: z.array(z.string().min(1)).min(1, "every level needs at least one channel"),
  notify: z.array(id).default([]),
  /** Role told when this level's clocks run out (acknowledgement missed, budget used). */
  manager: id.optional(),
  /** Time at this level before it moves to the next one automatically (Fleet: Tier 1 4h, Tier 2 8h). */
  budget: zTarget.optional(),
  /**
   * What stops the level's budget: `resolved` (Fleet: "Issue open >8 hours without resolution") or
   * `acknowledged` (the level only has to take it on in time). Required with a budget.
   */
  budgetStops: z.enum(["acknowledged", "resolved"]).optional(),
  /** This level's own first-response target, if the playbook gives one. */
  firstResponse: zTarget.optional(),
  /**
   * Where an escalation goes from here, automatically or by the Escalate button: a level id, `none`
   * (the top), or a table by severity with an optional `default` (Generic: P1 straight to Level 4).
   * Without it, the next level in the file (a ladder).
   */
  next: z.union([zLevelRef, z.record(z.string(), zLevelRef)]).optional(),
  passage: zPassage.optional(),
});

export const zCategory = z.strictObject({
  id,
  label: z.string().min(1),
  /** Phrases (matched on word boundaries with simple inflections, ignoring negated mentions such as "not an outage"). */
  match: z.array(phrase).default([]),
  /** False friends: a mention inside one of these phrases does not count ("breach" in "breach the SLA"). */
  unless: z.array(phrase).default([]),
  /** Checklist items the owner must tick (ids under `flags:`), e.g. verify the caller's identity. */
  flags: z.array(id).default([]),
  /** The severity to start from when this category matches, instead of defaults.severity (may be lower: feature requests → Sev 4). */
  severity: id.optional(),
  minSeverity: id.optional(),
  level: id.optional(),
  channels: z.array(z.string().min(1)).default([]),
  notify: z.array(id).default([]),
  cc: z.array(id).default([]),
  /** Details stay in this category's channels; other channels only learn that something was opened. */
  restricted: z.boolean().default(false),
  /** The category's own targets; the earlier of these and the severity's applies (TeamFlow: security 15 min)... */
  firstResponse: zTarget.optional(),
  progressUpdate: zTarget.optional(),
  resolution: zTarget.optional(),
  alsoNotifyLevels: z.array(id).default([]),
  /** ...unless this is true: then the targets the category gives replace the severity's, even when longer (SaaS: partnerships 48 h). */
  ownTargets: z.boolean().default(false),
  /** The category also applies when the text's scope and impact meet this (an outage: unusable for everyone). */
  reading: z.array(zReadingCondition).min(1).optional(),
  /** The category does not apply when the text says this (resolved: an outage that works again). */
  unlessImpact: zImpacts.optional(),
  /** The category also applies when the customer asked for escalation (the form's box): SaaS "asks for manager/supervisor". */
  customerRequested: z.literal(true, "customerRequested can only be true: the category applies when the customer asked for escalation").optional(),
  passage: zPassage.optional(),
});

export const zRole = z
  .strictObject({
    label: z.string().optional(),
    users: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, "expected a Slack user id such as U024BE7LH")).default([]),
    emails: z.array(z.email("expected an email address")).default([]),
    usergroups: z.array(z.string().regex(/^S[A-Z0-9]+$/, "expected a user group id such as S0614TZR7")).default([]),
  })
  .refine((r) => r.users.length + r.emails.length + r.usergroups.length > 0, {
    message: "a role needs at least one of users, emails or usergroups",
  });

export const zField = z.strictObject({
  id,
  label: z.string().min(1).max(48, "modal labels are at most 48 characters"),
  kind: z.enum(["number", "text", "checkbox"]),
  hint: z.string().optional(),
  /**
   * A number field left empty is read from the text: the dollar amount typed next to one of these
   * phrases ("refund" reads "a refund of $850" as 850; domain/text-amount.ts).
   */
  fromText: z.array(z.string().trim().min(1, "phrases cannot be empty")).min(1).optional(),
}).refine((f) => f.fromText === undefined || f.kind === "number", {
  message: "fromText reads an amount from the text: it needs kind: number",
  path: ["fromText"],
});

/** The automatic escalation triggers' settings; the triggers themselves always run. */
export const zTriggers = z.strictObject({
  /** Share of the resolution target used before the owner and warnNotify are warned (0.75 = 75 %). */
  resolutionWarnAt: z.number().gt(0, "expected a share between 0 and 1, e.g. 0.75").lt(1, "expected a share between 0 and 1, e.g. 0.75").default(0.75),
  /** Roles DMed when a resolution target is about to be missed (besides the owner, told in the thread). */
  warnNotify: z.array(id).default([]),
  /** Roles DMed when a resolution target is missed. */
  breachNotify: z.array(id).default([]),
  /** Roles DMed when the customer asked for escalation (the escalation also starts one level up). */
  customerRequestNotify: z.array(id).default([]),
  /** At the warning, also hand the escalation to the next level on its path (Fleet: "SLA breach imminent → Next tier + Support Manager, before breach"). */
  warnEscalates: z.boolean().default(false),
  /** "Next tier" counted from this level (where the agent writes the escalation); absent: one above the start. */
  customerRequestFrom: id.optional(),
  /**
   * false when the playbook gives the customer's request no level of its own (OctoAcme): the issue type
   * decides the level, the request is recorded and its roles told.
   */
  customerRequestMoves: z.boolean().default(true),
  customerRequestPassage: zPassage.optional(),
});

/** What happens over an escalation's life after it opens (domain/playbook/model.ts LifecycleSpec). */
export const zLifecycle = z.strictObject({
  /** The clocks "Waiting on customer" stops: progressUpdate, resolution, levelBudget. */
  pauseClocks: z.array(z.enum(PAUSABLE_CLOCKS, `expected one of ${PAUSABLE_CLOCKS.join(", ")} (the first response never waits)`)).default([...PAUSABLE_CLOCKS]),
  /** How long after being resolved an escalation may be reopened (default 14 days). */
  reopenWindow: zDuration.default({ amount: 14, unit: "days" } as SlaDuration),
  /** May an escalation be handed back down to a lower level, with a reason? */
  deescalate: z.boolean().default(false),
  /** A person's reply in the escalation's thread counts as a progress update. */
  threadRepliesCountAsUpdates: z.boolean().default(true),
});

/** The `{name}`s a template uses. */
const placeholdersIn = (text: string): string[] => [...text.matchAll(/\{([^{}\s]*)\}/g)].map((m) => m[1]!);

/** Template text: every `{name}` must be one the bot can fill. */
const zTemplateText = z.string().superRefine((text, ctx) => {
  for (const name of placeholdersIn(text)) {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      ctx.addIssue({ code: "custom", message: `unknown placeholder {${name}}; use one of ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}` });
    }
  }
});

/** A customer-communication template (domain/playbook/model.ts TemplateSpec). */
export const zTemplate = z.strictObject({
  id,
  /** Which state it is written for: initial, progress, escalation, resolution or security. */
  kind: z.enum(TEMPLATE_KINDS, `expected one of ${TEMPLATE_KINDS.join(", ")}`),
  label: z.string().trim().min(1).max(75, "template labels are at most 75 characters (a menu option)"),
  subject: zTemplateText.optional(),
  body: zTemplateText.pipe(z.string().trim().min(1, "write the template's text")),
  /** Offered only for escalations in one of these categories (the outage holding message, say). */
  categories: z.array(id).min(1).optional(),
  /** Offered only at these severities (the urgent escalation script, say). */
  severities: z.array(id).min(1).optional(),
});

/** A document value: one of DOCUMENT_VALUES, or `field.<id>` (checked against `fields:` when the playbook loads). */
const isDocumentValue = (name: string): boolean => (DOCUMENT_VALUES as readonly string[]).includes(name) || /^field\.[a-z0-9][a-z0-9_-]*$/.test(name);
const DOCUMENT_VALUE_HINT = `use one of ${DOCUMENT_VALUES.map((v) => `{${v}}`).join(", ")} or {field.<id>} for a field of the playbook`;

/** Bug template text: every `{name}` must be one the export can fill. */
const zDocumentText = z.string().superRefine((text, ctx) => {
  for (const name of placeholdersIn(text)) {
    if (!isDocumentValue(name)) ctx.addIssue({ code: "custom", message: `unknown placeholder {${name}}; ${DOCUMENT_VALUE_HINT}` });
  }
});

/** The export's format (domain/playbook/model.ts DocumentationSpec); each part has a built-in default. */
export const zDocumentation = z.strictObject({
  title: z.string().trim().min(1).default("Escalation package"),
  zone: z.string().min(1, "expected an IANA time zone such as America/Los_Angeles").optional(),
  sections: z
    .array(
      z.strictObject({
        heading: z.string().trim().min(1),
        items: z
          .array(
            z.strictObject({
              label: z.string().trim().min(1),
              value: z
                .string()
                .superRefine((v, ctx) => {
                  if (!isDocumentValue(v)) ctx.addIssue({ code: "custom", message: `unknown value '${v}'; ${DOCUMENT_VALUE_HINT.replace(/[{}]/g, "")}` });
                })
                .optional(),
            }),
          )
          .min(1, "a section needs at least one item"),
      }),
    )
    .default(DEFAULT_DOCUMENT_SECTIONS),
  bugReport: z
    .strictObject({
      title: zDocumentText.pipe(z.string().trim().min(1)).default(DEFAULT_BUG_REPORT.title),
      body: zDocumentText.pipe(z.string().trim().min(1, "write the bug template's text")).default(DEFAULT_BUG_REPORT.body),
      /** Bug priority by severity id ("Set priority based on severity"). */
      priorities: z.record(id, z.string().trim().min(1)).default({}),
    })
    .default(DEFAULT_BUG_REPORT),
});

/** Linked escalations (domain/playbook/model.ts LinkingSpec): when the playbook's multiple-customers rule applies. */
export const zLinking = z.strictObject({
  /** Distinct customers (the parent's own included) at which the count goes into `field` and the playbook decides again. */
  multipleCustomers: z.strictObject({ at: z.number().int().min(2, "at least 2 customers make several"), field: id }).optional(),
});

/** The war room of a major incident (domain/playbook/model.ts WarRoomSpec). */
export const zWarRoom = z.strictObject({
  /** Severities and categories that get a room (either suffices). */
  severities: z.array(id).default([]),
  categories: z.array(id).default([]),
  /** Roles invited besides the owner, the notified roles and the level's on-call. */
  invite: z.array(id).default([]),
  /** Roles invited only for these tiers' customers: { enterprise: [customer-success] }. */
  inviteForTiers: z.record(id, z.array(id)).default({}),
  /** A conference link template with {id} and {room}; never invented when absent. */
  conferenceUrl: z
    .string()
    .regex(/^https:\/\/\S+$/, "expected an https:// link template, e.g. https://zoom.us/j/123?room={room}")
    .refine((url) => placeholdersIn(url).every((p) => p === "id" || p === "room"), "the conference link may use {id} and {room} only")
    .optional(),
  statusEvery: zDuration.default({ amount: 15, unit: "minutes" } as SlaDuration),
  archiveAfter: zDuration.default({ amount: 24, unit: "hours" } as SlaDuration),
  /** The room's name starts with this: `esc` gives esc-0042-acme-photo-uploads. */
  namePrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, "expected a short channel-name prefix of lower-case letters, digits, '-' or '_' (e.g. esc, inc)")
    .default("esc"),
});

/**
 * Who may do what, by action: `reporter`, `owner`, `level`, `managers`, `anyone` or a role id (see
 * domain/permissions.ts). An action left out keeps its default.
 */
export const zPermissions = z.strictObject(
  Object.fromEntries(ACTIONS.map((a) => [a, z.array(z.string().min(1)).min(1, "name at least one: owner, level, managers, reporter, anyone or a role").optional()])) as {
    [A in (typeof ACTIONS)[number]]: z.ZodOptional<z.ZodArray<z.ZodString>>;
  },
);

export const zPolicyFile = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** The playbook text (Markdown) this file encodes, relative to the file: passages are checked against it. */
  source: z.string().trim().min(1).optional(),
  reading: zReading.default({ customerWords: [], userWords: [], fewUsers: 5 }),
  defaults: z.strictObject({
    severity: id,
    category: id,
    level: id,
    tier: id,
    clock: z.string().default("24x7"),
    /** The role told by DM when the bot cannot get a message into Slack for a long time (its admins). */
    admin: id.optional(),
  }),
  calendars: z.record(id, zCalendar).default({}),
  severities: z.array(zSeverity).min(1),
  tiers: z.array(zTier).min(1),
  levels: z.array(zLevel).min(1),
  categories: z.array(zCategory).default([]),
  roles: z.record(id, zRole).default({}),
  fields: z.array(zField).default([]),
  /** Checklist items in the playbook's own words, shown on the post for the owner to tick. */
  flags: z.record(id, z.string().trim().min(1, "say what the owner must do, in the playbook's words").max(75, "checklist items are at most 75 characters")).default({}),
  rules: z.array(zRule).default([]),
  permissions: zPermissions.default({}),
  triggers: zTriggers.default({ resolutionWarnAt: 0.75, warnNotify: [], breachNotify: [], customerRequestNotify: [], warnEscalates: false, customerRequestMoves: true }),
  lifecycle: zLifecycle.default(() => zLifecycle.parse({})),
  templates: z.array(zTemplate).default([]),
  documentation: zDocumentation.default(() => zDocumentation.parse({})),
  linking: zLinking.default({}),
  warRoom: zWarRoom.optional(),
  weeklyReview: zWeeklyReview.optional(),
  repeats: zRepeats.optional(),
  featureRequests: zFeatureRequests.optional(),
  paging: zPaging.optional(),
  webhooks: zWebhooks.optional(),
  jira: zJira.optional(),
  ticketing: zTicketing.optional(),
});

/**
 * The schema's output and the domain's model are the same shape, both ways: a setting added to one
 * and not the other fails the typecheck here.
 */
const schemaIsTheModel: Same<z.output<typeof zPolicyFile>, PolicyFile> = true;
void schemaIsTheModel;
