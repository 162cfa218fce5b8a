import { z } from "zod";
import { zViewStateValues } from "./view-state.js";

/**
 * What every payload the app takes must look like, per payload TYPE: the fields Bolt reads to route
 * a request (it throws, and the receiver answers 500, when one of them is missing or of another
 * type) and the fields every listener of that type reads before its own checks. What a listener
 * reads about its own button or form (a signed value, a form's fields) stays the listener's to
 * check, so a new action id, form or shortcut needs nothing here; a new payload TYPE does.
 * Unknown keys are kept: Slack adds fields, and listeners read some this does not name.
 */

/** Slack's ids (users, channels, teams, action and callback ids) are short; 255 is Slack's own cap for ids apps choose. */
const id = z.string().min(1).max(255);
/**
 * Workspace and organisation ids (T…, E…) are upper-case letters and digits. Bolt keeps its clients
 * in a plain object keyed by them: "constructor" or "__proto__" would reach a prototype's member.
 */
const teamId = z.string().regex(/^[A-Z0-9]{1,64}$/, "not a Slack team id");
/** Where `respond()` posts: Bolt sends whatever string it finds there. */
const url = z.url({ protocol: /^https?$/ });
/** `null` on org-wide installs; otherwise Bolt reads its id. */
const team = z.looseObject({ id: teamId }).nullish();
const user = z.looseObject({ id, team_id: teamId.optional() });
const option = z.looseObject({ value: z.string() });

/** The element types whose listeners read a selection, and where Slack puts it. */
const SELECTION: Readonly<Record<string, "selected_option" | "selected_options">> = {
  static_select: "selected_option",
  external_select: "selected_option",
  radio_buttons: "selected_option",
  overflow: "selected_option",
  checkboxes: "selected_options",
  multi_static_select: "selected_options",
  multi_external_select: "selected_options",
};

const action = z
  .looseObject({
    type: id,
    action_id: id,
    block_id: id,
    action_ts: z.string().optional(),
    value: z.string().optional(),
    selected_option: option.nullish(),
    selected_options: z.array(option).optional(),
  })
  .refine((a) => {
    const field = Object.hasOwn(SELECTION, a.type) ? SELECTION[a.type] : undefined;
    return field === undefined || a[field] !== undefined;
  }, "an element of this type carries its selection");

/** A modal as Slack sends it back (submitted, closed, or the one a button sits in). */
const view = z.looseObject({
  id,
  callback_id: z.string().max(255),
  // Its size and content are the listener's to judge: an unreadable one gets the form's inline error.
  private_metadata: z.string(),
  hash: z.string().optional(),
  app_installed_team_id: teamId.optional(),
  state: z.looseObject({ values: zViewStateValues }),
});

const interaction = { user, team, enterprise: team, trigger_id: id };

const blockActions = z.looseObject({
  ...interaction,
  type: z.literal("block_actions"),
  response_url: url.optional(),
  actions: z.array(action).min(1),
  container: z
    .looseObject({
      type: z.string(),
      channel_id: id.optional(),
      message_ts: z.string().optional(),
      thread_ts: z.string().optional(),
      is_ephemeral: z.boolean().optional(),
      view_id: id.optional(),
    })
    .optional(),
  // Bolt reads channel.id whenever a channel is there, so it is an object or absent (a modal's button).
  channel: z.looseObject({ id }).optional(),
  message: z.looseObject({ ts: z.string(), thread_ts: z.string().optional(), text: z.string().optional() }).optional(),
  view: view.optional(),
});

const viewSubmission = z.looseObject({
  ...interaction,
  type: z.literal("view_submission"),
  trigger_id: id.optional(),
  view,
  response_urls: z.array(z.looseObject({ response_url: url })).optional(),
});

const viewClosed = z.looseObject({ user, team, enterprise: team, type: z.literal("view_closed"), view, is_cleared: z.boolean().optional() });

const shortcut = z.looseObject({ ...interaction, type: z.literal("shortcut"), callback_id: id });

const messageAction = z.looseObject({
  ...interaction,
  type: z.literal("message_action"),
  callback_id: id,
  response_url: url.optional(),
  channel: z.looseObject({ id }),
  message_ts: z.string().optional(),
  message: z.looseObject({ ts: z.string(), text: z.string(), thread_ts: z.string().optional(), user: id.optional() }),
});

/** Form fields: every value a string (a repeated field arrives as a list, which no listener reads). */
const command = z.looseObject({
  command: z.string().regex(/^\/\S{1,64}$/),
  text: z.string(),
  user_id: id,
  channel_id: id,
  team_id: teamId,
  trigger_id: id,
  response_url: url,
  enterprise_id: teamId.optional(),
  is_enterprise_install: z.string().optional(),
});

/**
 * Any event: Bolt looks into `user` (a string or an object with an id), `channel` (a string or an
 * object), `item` and `subteam` before any listener is chosen.
 */
const anyEvent = z.looseObject({
  type: id,
  user: z.union([id, z.looseObject({ id })]).optional(),
  channel: z.union([id, z.looseObject({ id: id.optional() })]).optional(),
  item: z.looseObject({}).optional(),
  subteam: z.looseObject({}).optional(),
});

/** The events the app subscribes to (or will), with what their listeners read. */
const EVENTS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ["channel_created", z.looseObject({ channel: z.looseObject({ id, name: z.string() }) })],
  ["member_joined_channel", z.looseObject({ user: id, channel: id })],
  ["app_home_opened", z.looseObject({ user: id, channel: id, tab: z.string().optional() })],
  [
    // Every kind: plain, thread replies, bot messages, edits (`message`), deletions (`previous_message`).
    "message",
    z.looseObject({
      channel: id,
      ts: z.string(),
      subtype: z.string().optional(),
      text: z.string().nullish(),
      user: id.optional(),
      bot_id: id.optional(),
      thread_ts: z.string().optional(),
      message: z.looseObject({ ts: z.string(), text: z.string().nullish(), thread_ts: z.string().optional(), user: id.optional() }).optional(),
      previous_message: z.looseObject({}).optional(),
    }),
  ],
]);

const eventCallback = z.looseObject({
  type: z.literal("event_callback"),
  team_id: teamId,
  event_id: id,
  enterprise_id: teamId.nullish(),
  // Bolt takes the team and enterprise from the first authorization when there is one.
  authorizations: z.array(z.looseObject({ team_id: teamId.nullish(), enterprise_id: teamId.nullish(), is_enterprise_install: z.boolean().optional() })).optional(),
  event: anyEvent,
});

/** How Bolt classifies a body (its getTypeAndConversation), in Bolt's order: a body is what Bolt will take it for. */
type BoltKind = "event" | "command" | "options" | "action" | "shortcut" | "view";
function boltKind(b: Record<string, unknown>): BoltKind | undefined {
  if (b.event !== undefined) return "event";
  if (b.command !== undefined) return "command";
  if (b.name !== undefined || b.type === "block_suggestion") return "options";
  if (b.actions !== undefined || b.type === "dialog_submission") return "action";
  if (b.type === "shortcut" || b.type === "message_action") return "shortcut";
  if (b.type === "view_submission" || b.type === "view_closed") return "view";
  return undefined;
}

/** Every payload type the app takes; anything else is answered empty and goes no further. */
const PAYLOADS: ReadonlyMap<string, { kind: BoltKind; schema: z.ZodType }> = new Map([
  ["command", { kind: "command", schema: command }],
  ["block_actions", { kind: "action", schema: blockActions }],
  ["view_submission", { kind: "view", schema: viewSubmission }],
  ["view_closed", { kind: "view", schema: viewClosed }],
  ["shortcut", { kind: "shortcut", schema: shortcut }],
  ["message_action", { kind: "shortcut", schema: messageAction }],
  ["event_callback", { kind: "event", schema: eventCallback }],
]);

export type Verdict =
  | { ok: true; type: string }
  /** `unknown`: a type the app does not take. `malformed`: a type it takes, not in the shape it must have. */
  | { ok: false; reason: "unknown" | "malformed"; type: string; problem?: string };

/** Longest problem text put in a log line (paths can hold keys of any length). */
const MAX_PROBLEM = 200;

/** Whether a parsed request body may go on to Bolt's listeners, and why not. */
export function checkPayload(body: unknown): Verdict {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, reason: "malformed", type: "-", problem: "not a JSON object" };
  const b = body as Record<string, unknown>;
  // Slash commands are form fields with no `type`.
  const type = b.command !== undefined ? "command" : typeof b.type === "string" ? b.type : undefined;
  const kind = boltKind(b);
  // A body Bolt would route but without a type is a broken one of ours, not a new kind.
  if (type === undefined) return kind ? { ok: false, reason: "malformed", type: "-", problem: "type: missing" } : { ok: false, reason: "unknown", type: "-" };
  const known = PAYLOADS.get(type);
  if (!known) return { ok: false, reason: "unknown", type: type.slice(0, 64) };
  const parsed = known.schema.safeParse(b);
  if (!parsed.success) return malformed(type, parsed.error);
  // e.g. a shortcut carrying `actions`: Bolt would hand it to the action listeners.
  if (kind !== known.kind) return { ok: false, reason: "malformed", type, problem: `has the fields of a Bolt ${kind} payload` };
  if (type === "event_callback") {
    const event = b.event as { type: string };
    const own = EVENTS.get(event.type)?.safeParse(event);
    if (own && !own.success) return malformed(type, own.error, "event.");
  }
  return { ok: true, type };
}

/** The first problem, where it is and what: `actions.0.action_id: Invalid input: expected string, received number`. */
function malformed(type: string, error: z.ZodError, prefix = ""): Verdict {
  const issue = error.issues[0]!;
  const problem = `${prefix}${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`;
  return { ok: false, reason: "malformed", type, problem: problem.slice(0, MAX_PROBLEM) };
}
