import { randomBytes } from "node:crypto";
import type { AppAnswer, AppLink } from "./app-link.js";
import { validateBlocks, validateView } from "./block-kit-rules.js";
import type { Conversations } from "./conversations.js";
import type { EphemeralStore } from "./ephemerals.js";
import { EMULATOR_IDS } from "./identity.js";
import { buildAction, buildViewState, type RawInput, type RawInputs } from "./interaction-payloads.js";
import type { MessageEvents } from "./message-events.js";
import type { OpenView, ViewStore } from "./views.js";
import { messageObject } from "./web-api/objects.js";
import { isMember, type Workspace, type WorkspaceChannel, type WorkspaceMessage, type WorkspaceUser } from "./workspace.js";
import type { WorkspaceChange } from "./workspace-change.js";

/**
 * What people do in the workspace, turned into what Slack sends the app: slash commands, clicks on
 * message and modal elements, modal submissions and closes; and what Slack does with the app's
 * answers (response_action, response URLs). The sandbox page calls these for the person it acts as.
 */

type Json = Record<string, any>;

export interface InteractionsDeps {
  workspace: Workspace;
  views: ViewStore;
  ephemerals: EphemeralStore;
  link: AppLink;
  now: () => number;
  responseUrlBase: string;
  conversations: Conversations;
  /** What people say (and the app says through response URLs), told to the app as `message` events. */
  messages: MessageEvents;
  onChange: (change: WorkspaceChange) => void;
}

export interface SlashCommandSpec {
  command: string;
  description?: string;
  usageHint?: string;
}

/** What happened to a person's action, for the page to show. */
export type ActionOutcome = { ok: true } | { ok: false; error: string };

export type SubmitOutcome =
  | { kind: "closed" | "updated" | "pushed" | "cleared" }
  /** Errors shown under the fields: by Slack's client (required, lengths) or by the app. */
  | { kind: "errors"; errors: Record<string, string> }
  | { kind: "failed"; error: string };

/** A response URL: valid 30 minutes for up to 5 posts, tied to where it came from. */
export interface ResponseTarget {
  user: string;
  channel: string;
  /** The message an action came from (replace_original / delete_original apply to it). */
  messageTs?: string;
  ephemeral?: boolean;
  threadTs?: string;
  uses: number;
  expiresAt: number;
}
const RESPONSE_URL_TTL_MS = 30 * 60_000;
/** Slack's built-in command for adding someone (or an app) to a channel. */
const INVITE_COMMAND = "/invite";
const RESPONSE_URL_USES = 5;

export class Interactions {
  private commands: SlashCommandSpec[] = [];
  private readonly responseTargets = new Map<string, ResponseTarget>();

  constructor(private readonly d: InteractionsDeps) {}

  /** The slash commands the app declares (its manifest); others are "not a valid command". */
  setCommands(commands: readonly SlashCommandSpec[]): void {
    this.commands = [...commands];
  }

  get slashCommands(): readonly SlashCommandSpec[] {
    return this.commands;
  }

  // ---------------------------------------------------------------- composer

  /** A person sends `text` in a channel: a slash command, or a plain message. */
  async compose(userId: string, channelId: string, text: string, threadTs?: string): Promise<ActionOutcome> {
    const user = this.d.workspace.users.get(userId);
    const channel = this.d.workspace.channels.get(channelId);
    if (!user || !channel || !isMember(channel, userId)) return { ok: false, error: "channel_not_found" };
    const trimmed = text.trim();
    if (trimmed === "") return { ok: false, error: "no_text" };
    // An archived channel is read-only: Slack offers no composer there.
    if (channel.archived) return { ok: false, error: "is_archived" };
    if (trimmed.startsWith("/")) return this.slashCommand(user, channel, trimmed, threadTs);
    const message = this.d.workspace.post({
      channel: channel.id,
      ts: this.d.workspace.nextTs(this.d.now()),
      user: user.id,
      // What a person types is shown as typed: escape the characters Slack treats as markup.
      text: trimmed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
      ...(threadTs ? { threadTs } : {}),
    });
    this.d.onChange({ type: "message", channel: message.channel, ts: message.ts, ...(threadTs ? { threadTs } : {}) });
    this.d.messages.posted(message);
    return { ok: true };
  }

  private async slashCommand(user: WorkspaceUser, channel: WorkspaceChannel, line: string, threadTs: string | undefined): Promise<ActionOutcome> {
    const command = line.split(/\s+/)[0] ?? "";
    const text = line.slice(command.length).trim();
    if (command === INVITE_COMMAND) return this.inviteCommand(user, channel, text, threadTs);
    if (!this.commands.some((c) => c.command === command)) {
      this.slackbotSays(user.id, channel.id, `\`${command}\` is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`, threadTs);
      return { ok: false, error: "unknown_command" };
    }
    const fields = {
      token: "sandbox-verification-token",
      team_id: EMULATOR_IDS.teamId,
      team_domain: EMULATOR_IDS.teamDomain,
      channel_id: channel.id,
      channel_name: channel.isIm ? "directmessage" : channel.name,
      user_id: user.id,
      user_name: user.name,
      command,
      text,
      api_app_id: EMULATOR_IDS.appId,
      is_enterprise_install: "false",
      response_url: this.responseUrl({ user: user.id, channel: channel.id, ...(threadTs ? { threadTs } : {}) }),
      trigger_id: this.d.views.issueTrigger(user.id),
    };
    const answer = await this.d.link.send("slash_commands", fields);
    if (!answer.ok) {
      this.slackbotSays(user.id, channel.id, `\`${command}\` failed with the error "${answer.error}"`, threadTs);
      return { ok: false, error: answer.error };
    }
    // A command may answer right in its acknowledgement, like a response URL post.
    const body = answer.body as Json | undefined;
    if (body && (typeof body.text === "string" || Array.isArray(body.blocks))) this.deliverResponse({ user: user.id, channel: channel.id, ...(threadTs ? { threadTs } : {}) }, body);
    return { ok: true };
  }

  /**
   * Slack's own `/invite @someone`: adds a person or the app to the channel. Slack answers a
   * problem privately, as Slackbot.
   */
  private inviteCommand(user: WorkspaceUser, channel: WorkspaceChannel, text: string, threadTs: string | undefined): ActionOutcome {
    const invitee = this.findPerson(text);
    if (!invitee) {
      this.slackbotSays(user.id, channel.id, text === "" ? "Say who to invite, e.g. `/invite @Escalation Bot`." : `Nobody here is called ${text}.`, threadTs);
      return { ok: false, error: "user_not_found" };
    }
    const done = this.d.conversations.invite(user.id, channel.id, [invitee.id]);
    if (!done.ok) {
      const why: Record<string, string> = {
        already_in_channel: `${invitee.realName} is already in this channel.`,
        method_not_supported_for_channel_type: "People cannot be invited to a direct message.",
        cant_invite_self: "You are already in this channel.",
      };
      this.slackbotSays(user.id, channel.id, why[done.error] ?? `That did not work (${done.error}).`, threadTs);
      return { ok: false, error: done.error };
    }
    return { ok: true };
  }

  /** `@dana`, `@Escalation Bot`, `<@U0BOT>` or a user id: by handle, full name or id. */
  private findPerson(ref: string): WorkspaceUser | undefined {
    const wanted = ref.trim().replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, "$1").replace(/^@/, "").toLowerCase();
    if (wanted === "") return undefined;
    for (const u of this.d.workspace.users.values()) {
      if (u.id.toLowerCase() === wanted || u.name.toLowerCase() === wanted || u.realName.toLowerCase() === wanted) return u;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- messages

  /** A person uses a button, menu or picker on a message (or on an ephemeral message of theirs). */
  async messageAction(
    userId: string,
    at: { channel: string; messageTs: string; ephemeral?: boolean },
    element: { blockId: string; actionId: string; value?: RawInput },
  ): Promise<ActionOutcome> {
    const user = this.d.workspace.users.get(userId);
    const channel = this.d.workspace.channels.get(at.channel);
    if (!user || !channel || !isMember(channel, userId)) return { ok: false, error: "channel_not_found" };
    const source = at.ephemeral ? this.d.ephemerals.find(userId, at.messageTs) : this.d.workspace.message(channel.id, at.messageTs);
    if (!source) return { ok: false, error: "message_not_found" };
    const action = buildAction(source.blocks ?? [], element.blockId, element.actionId, element.value ?? null, actionTs(this.d.now()));
    if (!action) return { ok: false, error: "element_not_found" };
    const threadTs = "threadTs" in source ? source.threadTs : undefined;
    const payload: Json = {
      type: "block_actions",
      ...this.who(user),
      container: { type: "message", message_ts: at.messageTs, channel_id: channel.id, is_ephemeral: at.ephemeral === true, ...(threadTs ? { thread_ts: threadTs } : {}) },
      trigger_id: this.d.views.issueTrigger(user.id),
      channel: { id: channel.id, name: channel.isIm ? "directmessage" : channel.name },
      // Slack leaves the message out for ephemeral sources: the app never stored them.
      ...(at.ephemeral ? {} : { message: messageObject(this.d.workspace, source as WorkspaceMessage) }),
      state: { values: {} },
      response_url: this.responseUrl({ user: user.id, channel: channel.id, messageTs: at.messageTs, ephemeral: at.ephemeral === true, ...(threadTs ? { threadTs } : {}) }),
      actions: [action],
    };
    return this.outcome(await this.d.link.send("interactive", payload), user.id, channel.id);
  }

  // ---------------------------------------------------------------- modals

  /** A person uses an element of the modal they see (an actions block, or an input with dispatch_action). */
  async viewAction(userId: string, viewId: string, element: { blockId: string; actionId: string; value?: RawInput }, inputs: RawInputs): Promise<ActionOutcome> {
    const user = this.d.workspace.users.get(userId);
    const open = this.d.views.find(viewId);
    if (!user || !open || open.user !== userId) return { ok: false, error: "view_not_found" };
    const blocks = open.view.blocks as unknown;
    const action = buildAction(blocks, element.blockId, element.actionId, element.value ?? null, actionTs(this.d.now()));
    if (!action) return { ok: false, error: "element_not_found" };
    this.d.views.setState(viewId, buildViewState({ blocks }, inputs).values);
    const payload: Json = {
      type: "block_actions",
      ...this.who(user),
      container: { type: "view", view_id: viewId },
      trigger_id: this.d.views.issueTrigger(user.id),
      view: open.view,
      actions: [action],
    };
    const answer = await this.d.link.send("interactive", payload);
    return answer.ok ? { ok: true } : { ok: false, error: answer.error };
  }

  /** A person presses the modal's submit button. */
  async submitView(userId: string, viewId: string, inputs: RawInputs): Promise<SubmitOutcome> {
    const user = this.d.workspace.users.get(userId);
    const open = this.d.views.top(userId);
    if (!user || !open || open.view.id !== viewId) return { kind: "failed", error: "view_not_found" };
    const state = buildViewState({ blocks: open.view.blocks as unknown }, inputs);
    this.d.views.setState(viewId, state.values);
    // Slack's own client refuses an empty required field before anything reaches the app.
    if (Object.keys(state.errors).length > 0) return { kind: "errors", errors: state.errors };
    const payload: Json = {
      type: "view_submission",
      ...this.who(user),
      trigger_id: this.d.views.issueTrigger(user.id),
      view: open.view,
      response_urls: [],
    };
    const answer = await this.d.link.send("interactive", payload);
    if (!answer.ok) return { kind: "failed", error: answer.error };
    const outcome = this.applyResponseAction(open, answer.body as Json | undefined);
    this.d.onChange({ type: "view", user: userId });
    return outcome;
  }

  /** A person closes the modal (Cancel or ×); the app hears of it when it asked to (notify_on_close). */
  async closeView(userId: string, viewId: string): Promise<ActionOutcome> {
    const open = this.d.views.top(userId);
    const user = this.d.workspace.users.get(userId);
    if (!open || !user || open.view.id !== viewId) return { ok: false, error: "view_not_found" };
    const clear = open.view.clear_on_close === true;
    const closed = clear ? this.d.views.clear(userId) : [this.d.views.closeTop(userId)!];
    this.d.onChange({ type: "view", user: userId });
    if (closed.some((v) => v.view.notify_on_close === true)) {
      const answer = await this.d.link.send("interactive", { type: "view_closed", ...this.who(user), view: open.view, is_cleared: clear });
      if (!answer.ok) return { ok: false, error: answer.error };
    }
    return { ok: true };
  }

  private applyResponseAction(open: OpenView, body: Json | undefined): SubmitOutcome {
    const action = body?.response_action;
    if (action === "errors") {
      const errors = body?.errors;
      if (typeof errors !== "object" || errors === null) return { kind: "failed", error: "invalid response_action errors" };
      return { kind: "errors", errors: Object.fromEntries(Object.entries(errors as Json).map(([k, v]) => [k, String(v)])) };
    }
    if (action === "update" || action === "push") {
      const view = body?.view;
      const problems = validateView(view);
      if (typeof view !== "object" || view === null || problems.length > 0) return { kind: "failed", error: `invalid view: ${problems.join("; ")}` };
      if (action === "update") {
        this.d.views.replace(open, view as Json);
        return { kind: "updated" };
      }
      const pushed = this.d.views.push(open.user, view as Json);
      return "problem" in pushed ? { kind: "failed", error: pushed.problem } : { kind: "pushed" };
    }
    if (action === "clear") {
      this.d.views.clear(open.user);
      return { kind: "cleared" };
    }
    this.d.views.closeTop(open.user);
    return { kind: "closed" };
  }

  // ---------------------------------------------------------------- response URLs

  /** What happens to a post to a response URL the workspace handed out. */
  async respond(id: string, body: Json | undefined): Promise<Json> {
    const target = this.responseTargets.get(id);
    if (!target || target.expiresAt < Date.now() || target.uses >= RESPONSE_URL_USES) return { ok: false, error: "expired_url" };
    if (!body) return { ok: false, error: "invalid_payload" };
    target.uses += 1;
    return this.deliverResponse(target, body);
  }

  private deliverResponse(target: Omit<ResponseTarget, "uses" | "expiresAt">, body: Json): Json {
    if (body.blocks !== undefined) {
      const problems = validateBlocks(body.blocks, "message");
      if (problems.length > 0) return { ok: false, error: "invalid_blocks", errors: problems };
    }
    const content = {
      ...(typeof body.text === "string" ? { text: body.text } : {}),
      ...(Array.isArray(body.blocks) ? { blocks: body.blocks as unknown[] } : {}),
    };
    const change = (ts: string): WorkspaceChange => ({ type: "message", channel: target.channel, ts, ...(target.threadTs ? { threadTs: target.threadTs } : {}) });
    if ((body.delete_original === true || body.delete_original === "true") && target.messageTs) {
      if (target.ephemeral) this.d.ephemerals.remove(target.user, target.messageTs);
      else this.d.workspace.delete(target.channel, target.messageTs);
      this.d.onChange(target.ephemeral ? { type: "ephemeral", channel: target.channel, user: target.user } : change(target.messageTs));
      return { ok: true };
    }
    if ((body.replace_original === true || body.replace_original === "true") && target.messageTs) {
      if (target.ephemeral) this.d.ephemerals.replace(target.user, target.messageTs, content);
      else this.d.workspace.update(target.channel, target.messageTs, content, this.d.workspace.nextTs(this.d.now()));
      this.d.onChange(target.ephemeral ? { type: "ephemeral", channel: target.channel, user: target.user } : change(target.messageTs));
      return { ok: true };
    }
    if (body.response_type === "in_channel") {
      const message = this.d.workspace.post({
        channel: target.channel,
        ts: this.d.workspace.nextTs(this.d.now()),
        user: EMULATOR_IDS.botUserId,
        botId: EMULATOR_IDS.botId,
        ...content,
        ...(target.threadTs ? { threadTs: target.threadTs } : {}),
      });
      this.d.onChange(change(message.ts));
      this.d.messages.posted(message);
      return { ok: true };
    }
    this.d.ephemerals.add({
      channel: target.channel,
      user: target.user,
      ts: this.d.workspace.nextTs(this.d.now()),
      from: EMULATOR_IDS.botUserId,
      ...content,
      ...(target.threadTs ? { threadTs: target.threadTs } : {}),
    });
    this.d.onChange({ type: "ephemeral", channel: target.channel, user: target.user });
    return { ok: true };
  }

  /** A response URL for an interaction of `target.user` in `target.channel` (shortcuts.ts hands them out too). */
  responseUrl(target: Omit<ResponseTarget, "uses" | "expiresAt">): string {
    const id = randomBytes(12).toString("hex");
    this.pruneResponseTargets();
    this.responseTargets.set(id, { ...target, uses: 0, expiresAt: Date.now() + RESPONSE_URL_TTL_MS });
    return `${this.d.responseUrlBase}${id}`;
  }

  private pruneResponseTargets(): void {
    if (this.responseTargets.size < 1_000) return;
    const now = Date.now();
    for (const [id, t] of this.responseTargets) if (t.expiresAt < now) this.responseTargets.delete(id);
  }

  // ---------------------------------------------------------------- helpers

  private who(user: WorkspaceUser): Json {
    return {
      team: { id: EMULATOR_IDS.teamId, domain: EMULATOR_IDS.teamDomain },
      user: { id: user.id, username: user.name, name: user.name, team_id: EMULATOR_IDS.teamId },
      api_app_id: EMULATOR_IDS.appId,
      token: "sandbox-verification-token",
      is_enterprise_install: false,
      enterprise: null,
    };
  }

  /** Slack tells the person privately when the app did not answer in time. */
  private outcome(answer: AppAnswer, userId: string, channelId: string): ActionOutcome {
    if (answer.ok) return { ok: true };
    this.slackbotSays(userId, channelId, `The app did not respond (${answer.error}). Try again in a moment.`);
    return { ok: false, error: answer.error };
  }

  private slackbotSays(userId: string, channelId: string, text: string, threadTs?: string): void {
    this.d.ephemerals.add({ channel: channelId, user: userId, ts: this.d.workspace.nextTs(this.d.now()), from: EMULATOR_IDS.slackbotId, text, ...(threadTs ? { threadTs } : {}) });
    this.d.onChange({ type: "ephemeral", channel: channelId, user: userId });
  }
}

function actionTs(nowMs: number): string {
  return (nowMs / 1000).toFixed(6);
}
