import { validateMessageArgs, validateView } from "./block-kit-rules.js";
import type { Conversations } from "./conversations.js";
import type { EphemeralStore } from "./ephemerals.js";
import { EMULATOR_IDS } from "./identity.js";
import type { OpenView, ViewStore } from "./views.js";
import { isMember, type Workspace, type WorkspaceChannel, type WorkspaceMessage, type WorkspaceUser } from "./workspace.js";

/**
 * The Web API methods the emulator serves, over the workspace: what each method answers and the
 * rules Slack enforces (scopes, channel visibility, membership, Block Kit limits, trigger ids).
 * Arguments arrive as on the wire; answers are Slack's JSON bodies.
 */

type Json = Record<string, any>;

/** What changed, for the sandbox page to show it live. */
export type WorkspaceChange =
  | { type: "message"; channel: string; ts: string; threadTs?: string }
  | { type: "ephemeral"; channel: string; user: string }
  | { type: "view"; user: string }
  | { type: "channels" };

export interface WebApiDeps {
  workspace: Workspace;
  views: ViewStore;
  ephemerals: EphemeralStore;
  /** Now for message timestamps (the sandbox moves it with time travel). */
  now: () => number;
  /** Base of permalinks and auth.test's url, e.g. https://acme.slack.com/ . */
  workspaceUrl: string;
  /** conversations.list returns at most this many per page, so callers must paginate. */
  pageSize: number;
  /** Granted bot scopes; undefined grants everything. */
  scopes: ReadonlySet<string> | undefined;
  /** Creating channels and inviting to them, shared with the people on the sandbox page. */
  conversations: Conversations;
  /** The Socket Mode WebSocket address apps.connections.open hands out. */
  socketUrl: () => string | undefined;
  onChange: (change: WorkspaceChange) => void;
}

export const ok = (body: Json = {}): Json => ({ ok: true, ...body });
export const slackError = (error: string, extra: Json = {}): Json => ({ ok: false, error, ...extra });

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;
const USER_ID = /^[UW][A-Z0-9]+$/;
const MAX_TEXT = 40_000;

/** Which scope a method needs for a kind of conversation. */
const HISTORY_SCOPE = { public: "channels:history", private: "groups:history", im: "im:history" } as const;
const READ_SCOPE = { public: "channels:read", private: "groups:read", im: "im:read" } as const;

export class WebApi {
  constructor(private readonly d: WebApiDeps) {}

  private get ws(): Workspace {
    return this.d.workspace;
  }

  /** Answers one call made with `token`. */
  handle(method: string, args: Json, token: string): Json {
    const isAppToken = token.startsWith("xapp-");
    if (method === "apps.connections.open") {
      if (!isAppToken) return slackError("not_allowed_token_type");
      const url = this.d.socketUrl();
      return url ? ok({ url }) : slackError("socket_mode_not_enabled");
    }
    if (isAppToken) return slackError("not_allowed_token_type");
    const handler = this.methods[method];
    return handler ? handler(args) : slackError("unknown_method");
  }

  private readonly methods: Record<string, (args: Json) => Json> = {
    "auth.test": () =>
      ok({
        url: this.d.workspaceUrl,
        team: EMULATOR_IDS.teamName,
        user: EMULATOR_IDS.botName,
        team_id: EMULATOR_IDS.teamId,
        user_id: EMULATOR_IDS.botUserId,
        bot_id: EMULATOR_IDS.botId,
        is_enterprise_install: false,
      }),
    "conversations.list": (a) => this.conversationsList(a),
    "conversations.info": (a) => this.withChannel(a.channel, "read", (c) => ok({ channel: this.channelObject(c) })),
    "conversations.members": (a) => this.withChannel(a.channel, "read", (c) => ok({ members: c.everyone ? [...this.ws.users.keys()] : c.members, response_metadata: { next_cursor: "" } })),
    "conversations.join": (a) => this.join(a),
    "conversations.create": (a) => this.create(a),
    "conversations.invite": (a) => this.invite(a),
    "conversations.open": (a) => this.open(a),
    "conversations.history": (a) => this.withChannel(a.channel, "history", (c) => this.history(c, a, (m) => m.threadTs === undefined || m.threadTs === m.ts)),
    "conversations.replies": (a) => {
      const parent = str(a.ts);
      if (!parent) return slackError("invalid_arguments");
      return this.withChannel(a.channel, "history", (c) =>
        this.ws.message(c.id, parent) ? this.history(c, a, (m) => m.ts === parent || m.threadTs === parent, true) : slackError("thread_not_found"),
      );
    },
    "chat.postMessage": (a) => this.postMessage(a),
    "chat.update": (a) => this.update(a),
    "chat.delete": (a) => this.deleteMessage(a),
    "chat.postEphemeral": (a) => this.postEphemeral(a),
    "chat.getPermalink": (a) => this.permalink(a),
    "users.info": (a) => this.needs("users:read") ?? this.userInfo(a),
    "users.list": () => this.needs("users:read") ?? ok({ members: [...this.ws.users.values()].map(userObject), response_metadata: { next_cursor: "" } }),
    "users.lookupByEmail": (a) => {
      const missing = this.needs("users:read.email");
      if (missing) return missing;
      const found = typeof a.email === "string" ? this.ws.userByEmail(a.email) : undefined;
      return found ? ok({ user: userObject(found) }) : slackError("users_not_found");
    },
    "usergroups.list": () =>
      this.needs("usergroups:read") ??
      ok({ usergroups: [...this.ws.usergroups.values()].map((g) => ({ id: g.id, handle: g.handle, name: g.name, users: g.users, user_count: g.users.length })) }),
    "usergroups.users.list": (a) => {
      const group = this.ws.usergroups.get(String(a.usergroup));
      return this.needs("usergroups:read") ?? (group ? ok({ users: group.users }) : slackError("no_such_subteam"));
    },
    "views.open": (a) => this.viewsOpen(a, "open"),
    "views.push": (a) => this.viewsOpen(a, "push"),
    "views.update": (a) => this.viewsUpdate(a),
  };

  // ---------------------------------------------------------------- scopes and visibility

  private needs(...anyOf: string[]): Json | undefined {
    if (!this.d.scopes || anyOf.some((s) => this.d.scopes!.has(s))) return undefined;
    return slackError("missing_scope", { needed: anyOf.join(","), provided: [...this.d.scopes].join(",") });
  }

  private kindOf(c: WorkspaceChannel): "public" | "private" | "im" {
    return c.isIm ? "im" : c.isPrivate ? "private" : "public";
  }

  private botIsMember(c: WorkspaceChannel): boolean {
    return isMember(c, EMULATOR_IDS.botUserId);
  }

  /** A conversation the bot can see: public channels, and private ones and DMs it is in. */
  private visible(ref: unknown): WorkspaceChannel | undefined {
    const raw = str(ref);
    if (!raw) return undefined;
    const c = CHANNEL_ID.test(raw) ? this.ws.channels.get(raw) : this.ws.channelByName(raw);
    if (!c) return undefined;
    return c.isPrivate && !this.botIsMember(c) ? undefined : c;
  }

  private withChannel(ref: unknown, access: "read" | "history", then: (c: WorkspaceChannel) => Json): Json {
    const c = this.visible(ref);
    if (!c) return slackError("channel_not_found");
    const scope = (access === "read" ? READ_SCOPE : HISTORY_SCOPE)[this.kindOf(c)];
    const missing = this.needs(scope);
    if (missing) return missing;
    // A bot reads a channel's messages only where it is a member, public channels included.
    if (access === "history" && !this.botIsMember(c)) return slackError("not_in_channel");
    return then(c);
  }

  /** Where chat.* may write: by id, by name, or to a person (the app's DM with them). */
  private writable(ref: unknown): WorkspaceChannel | Json {
    const raw = str(ref);
    if (raw && USER_ID.test(raw)) {
      return this.ws.users.has(raw) ? this.ws.dmWith(raw, EMULATOR_IDS.botUserId) : slackError("channel_not_found");
    }
    const c = this.visible(raw);
    if (!c) return slackError("channel_not_found");
    if (!c.isIm && !c.isPrivate && !this.botIsMember(c) && this.d.scopes && !this.d.scopes.has("chat:write.public")) {
      return slackError("not_in_channel");
    }
    return c;
  }

  // ---------------------------------------------------------------- conversations

  private conversationsList(a: Json): Json {
    // Slack defaults `types` to public channels only; a bot that forgets to ask for private ones
    // must find out here, not in production.
    const types = new Set((str(a.types) ?? "public_channel").split(",").map((t) => t.trim()));
    if (types.has("public_channel")) {
      const missing = this.needs(READ_SCOPE.public);
      if (missing) return missing;
    }
    if (types.has("private_channel")) {
      const missing = this.needs(READ_SCOPE.private);
      if (missing) return missing;
    }
    const all = [...this.ws.channels.values()].filter((c) =>
      c.isIm ? types.has("im") && this.botIsMember(c) : c.isPrivate ? types.has("private_channel") && this.botIsMember(c) : types.has("public_channel"),
    );
    const page = paginate(all, a, this.d.pageSize);
    if ("error" in page) return page.error;
    return ok({ channels: page.items.map((c) => this.channelObject(c)), response_metadata: { next_cursor: page.next } });
  }

  private channelObject(c: WorkspaceChannel): Json {
    if (c.isIm) return { id: c.id, is_im: true, user: c.user, is_open: true, created: 0 };
    return {
      id: c.id,
      name: c.name,
      is_channel: true,
      is_group: false,
      is_private: c.isPrivate,
      is_archived: false,
      is_member: this.botIsMember(c),
      num_members: c.members.length,
      topic: { value: c.topic ?? "" },
    };
  }

  private join(a: Json): Json {
    const c = this.visible(a.channel);
    if (!c) return slackError("channel_not_found");
    if (c.isPrivate) return slackError("method_not_supported_for_channel_type");
    const missing = this.needs("channels:join");
    if (missing) return missing;
    this.ws.join(c.id, EMULATOR_IDS.botUserId);
    this.d.onChange({ type: "channels" });
    return ok({ channel: this.channelObject(this.ws.channels.get(c.id)!) });
  }

  /** The app makes a channel (it is then its only member). */
  private create(a: Json): Json {
    const isPrivate = String(a.is_private) === "true";
    const missing = this.needs(isPrivate ? "groups:write" : "channels:manage");
    if (missing) return missing;
    const made = this.d.conversations.create(EMULATOR_IDS.botUserId, str(a.name) ?? "", isPrivate);
    return made.ok ? ok({ channel: this.channelObject(made.channel) }) : slackError(made.error);
  }

  /** The app adds people to a channel it is in. */
  private invite(a: Json): Json {
    const c = this.visible(a.channel);
    if (!c) return slackError("channel_not_found");
    const missing = this.needs(c.isPrivate ? "groups:write" : "channels:manage");
    if (missing) return missing;
    const users = (str(a.users) ?? "").split(",").map((u) => u.trim()).filter(Boolean);
    const done = this.d.conversations.invite(EMULATOR_IDS.botUserId, c.id, users);
    return done.ok ? ok({ channel: this.channelObject(done.channel) }) : slackError(done.error);
  }

  private open(a: Json): Json {
    const missing = this.needs("im:write");
    if (missing) return missing;
    const existing = str(a.channel);
    if (existing) {
      const c = this.visible(existing);
      return c ? ok({ channel: { id: c.id } }) : slackError("channel_not_found");
    }
    const users = (str(a.users) ?? "").split(",").map((u) => u.trim()).filter(Boolean);
    if (users.length === 0) return slackError("users_list_not_supplied");
    if (users.length > 1) return slackError("not_enough_users"); // group DMs are not emulated
    const user = this.ws.users.get(users[0]!);
    if (!user) return slackError("user_not_found");
    const dm = this.ws.dmWith(user.id, EMULATOR_IDS.botUserId);
    this.d.onChange({ type: "channels" });
    return ok({ channel: { id: dm.id } });
  }

  /** Messages newest first (replies: the parent first, then oldest first), as Slack returns them. */
  private history(c: WorkspaceChannel, a: Json, include: (m: WorkspaceMessage) => boolean, oldestFirst = false): Json {
    const oldest = Number(str(a.oldest) ?? "0");
    const latest = Number(str(a.latest) ?? "Infinity");
    const withMetadata = String(a.include_all_metadata) === "true";
    const matching = this.ws.channelMessages(c.id).filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest && include(m));
    const ordered = oldestFirst ? matching : [...matching].reverse();
    const page = paginate(ordered, a, 200, 100);
    if ("error" in page) return page.error;
    return ok({
      messages: page.items.map((m) => this.messageObject(m, withMetadata)),
      has_more: page.next !== "",
      response_metadata: { next_cursor: page.next },
    });
  }

  messageObject(m: WorkspaceMessage, withMetadata = false): Json {
    const replies = m.threadTs === undefined || m.threadTs === m.ts ? this.ws.replies(m.channel, m.ts) : [];
    return {
      type: "message",
      ...(m.subtype ? { subtype: m.subtype } : {}),
      user: m.user,
      ts: m.ts,
      text: m.text ?? "",
      ...(m.botId ? { bot_id: m.botId } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.threadTs !== undefined ? { thread_ts: m.threadTs } : replies.length > 0 ? { thread_ts: m.ts } : {}),
      ...(replies.length > 0 ? { reply_count: replies.length, latest_reply: replies.at(-1)!.ts } : {}),
      ...(m.editedTs ? { edited: { user: m.user, ts: m.editedTs } } : {}),
      ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
    };
  }

  // ---------------------------------------------------------------- chat

  private postMessage(a: Json): Json {
    const missing = this.needs("chat:write");
    if (missing) return missing;
    const target = this.writable(a.channel);
    if ("ok" in target) return target;
    const refused = refuseMessage(a);
    if (refused) return refused;
    const threadTs = str(a.thread_ts);
    const parent = threadTs !== undefined ? this.ws.message(target.id, threadTs) : undefined;
    if (threadTs !== undefined && !parent) return slackError("thread_not_found");
    const message = this.ws.post({
      channel: target.id,
      ts: this.ws.nextTs(this.d.now()),
      user: EMULATOR_IDS.botUserId,
      botId: EMULATOR_IDS.botId,
      ...messageContent(a),
      // A reply to a reply joins the parent's thread, as in Slack.
      ...(parent ? { threadTs: parent.threadTs ?? parent.ts } : {}),
      ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
    });
    this.d.onChange({ type: "message", channel: message.channel, ts: message.ts, ...(message.threadTs ? { threadTs: message.threadTs } : {}) });
    return ok({ channel: message.channel, ts: message.ts, message: this.messageObject(message) });
  }

  private update(a: Json): Json {
    const missing = this.needs("chat:write");
    if (missing) return missing;
    // chat.update takes a channel id only, never a name (a common slip the real Slack refuses).
    const channel = str(a.channel);
    if (!channel || !CHANNEL_ID.test(channel)) return slackError("channel_not_found");
    const c = this.visible(channel);
    if (!c) return slackError("channel_not_found");
    const ts = str(a.ts);
    const existing = ts ? this.ws.message(c.id, ts) : undefined;
    if (!existing || !ts) return slackError("message_not_found");
    if (existing.user !== EMULATOR_IDS.botUserId) return slackError("cant_update_message");
    if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) return slackError("no_text");
    const refused = refuseMessage({ text: a.text ?? existing.text, blocks: a.blocks ?? existing.blocks, attachments: a.attachments ?? existing.attachments });
    if (refused) return refused;
    const updated = this.ws.update(c.id, ts, messageContent(a), this.ws.nextTs(this.d.now()))!;
    this.d.onChange({ type: "message", channel: c.id, ts, ...(updated.threadTs ? { threadTs: updated.threadTs } : {}) });
    return ok({ channel: c.id, ts, text: updated.text ?? "", message: this.messageObject(updated) });
  }

  private deleteMessage(a: Json): Json {
    const missing = this.needs("chat:write");
    if (missing) return missing;
    const c = this.visible(a.channel);
    const ts = str(a.ts);
    if (!c || !CHANNEL_ID.test(c.id)) return slackError("channel_not_found");
    const existing = ts ? this.ws.message(c.id, ts) : undefined;
    if (!existing || !ts) return slackError("message_not_found");
    if (existing.user !== EMULATOR_IDS.botUserId) return slackError("cant_delete_message");
    this.ws.delete(c.id, ts);
    this.d.onChange({ type: "message", channel: c.id, ts, ...(existing.threadTs ? { threadTs: existing.threadTs } : {}) });
    return ok({ channel: c.id, ts });
  }

  private postEphemeral(a: Json): Json {
    const missing = this.needs("chat:write");
    if (missing) return missing;
    const c = this.visible(a.channel);
    if (!c) return slackError("channel_not_found");
    const user = str(a.user);
    if (!user || !this.ws.users.has(user)) return slackError("user_not_found");
    if (!isMember(c, user)) return slackError("user_not_in_channel");
    const refused = refuseMessage(a);
    if (refused) return refused;
    const ts = this.ws.nextTs(this.d.now());
    const threadTs = str(a.thread_ts);
    this.d.ephemerals.add({ channel: c.id, user, ts, from: EMULATOR_IDS.botUserId, ...messageContent(a), ...(threadTs ? { threadTs } : {}) });
    this.d.onChange({ type: "ephemeral", channel: c.id, user });
    return ok({ message_ts: ts });
  }

  private permalink(a: Json): Json {
    const c = this.visible(a.channel);
    if (!c) return slackError("channel_not_found");
    const ts = str(a.message_ts);
    if (!ts) return slackError("invalid_arguments");
    const m = this.ws.message(c.id, ts);
    if (!m) return slackError("message_not_found");
    const thread = m.threadTs && m.threadTs !== m.ts ? `?thread_ts=${m.threadTs}&cid=${c.id}` : "";
    return ok({ channel: c.id, permalink: `${this.d.workspaceUrl}archives/${c.id}/p${ts.replace(".", "")}${thread}` });
  }

  private userInfo(a: Json): Json {
    const user = this.ws.users.get(String(a.user));
    return user ? ok({ user: userObject(user) }) : slackError("user_not_found");
  }

  // ---------------------------------------------------------------- views

  private viewsOpen(a: Json, how: "open" | "push"): Json {
    const trigger = str(a.trigger_id);
    if (!trigger) return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: trigger_id"] } });
    const view = a.view;
    if (typeof view !== "object" || view === null || Array.isArray(view)) return slackError("invalid_arguments");
    const problems = validateView(view);
    if (problems.length > 0) return slackError("invalid_arguments", { response_metadata: { messages: problems } });
    const taken = this.d.views.takeTrigger(trigger);
    if ("problem" in taken) return slackError(taken.problem);
    let opened: OpenView;
    if (how === "push") {
      const pushed = this.d.views.push(taken.user, view as Json);
      if ("problem" in pushed) return slackError(pushed.problem === "not_found" ? "invalid_trigger_id" : pushed.problem);
      opened = pushed;
    } else {
      opened = this.d.views.open(taken.user, view as Json);
    }
    this.d.onChange({ type: "view", user: taken.user });
    return ok({ view: opened.view });
  }

  private viewsUpdate(a: Json): Json {
    const view = a.view;
    if (typeof view !== "object" || view === null || Array.isArray(view)) return slackError("invalid_arguments");
    const problems = validateView(view);
    if (problems.length > 0) return slackError("invalid_arguments", { response_metadata: { messages: problems } });
    const viewId = str(a.view_id);
    const externalId = str(a.external_id);
    if (!viewId && !externalId) return slackError("invalid_arguments");
    const hash = str(a.hash);
    const updated = this.d.views.update({ ...(viewId ? { viewId } : {}), ...(externalId ? { externalId } : {}), ...(hash ? { hash } : {}) }, view as Json);
    if ("problem" in updated) return slackError(updated.problem);
    this.d.onChange({ type: "view", user: updated.user });
    return ok({ view: updated.view });
  }
}

/** text/blocks/attachments of a chat.* call, omitting what was not sent. */
function messageContent(a: Json): { text?: string; blocks?: unknown[]; attachments?: unknown[] } {
  return {
    ...(typeof a.text === "string" ? { text: a.text.slice(0, MAX_TEXT) } : {}),
    ...(Array.isArray(a.blocks) ? { blocks: a.blocks as unknown[] } : {}),
    ...(Array.isArray(a.attachments) ? { attachments: a.attachments as unknown[] } : {}),
  };
}

/** Slack's refusal of a message it would not show, with its reasons. */
function refuseMessage(a: Json): Json | undefined {
  if (a.blocks !== undefined && !Array.isArray(a.blocks)) return slackError("invalid_blocks_format");
  const problem = validateMessageArgs({ text: a.text, blocks: a.blocks, attachments: a.attachments });
  if (!problem) return undefined;
  return slackError(problem.error, problem.messages.length > 0 ? { errors: problem.messages, response_metadata: { messages: problem.messages } } : {});
}

export function userObject(u: WorkspaceUser): Json {
  return {
    id: u.id,
    team_id: EMULATOR_IDS.teamId,
    name: u.name,
    real_name: u.realName,
    deleted: false,
    is_bot: u.isBot,
    tz: u.tz,
    profile: {
      real_name: u.realName,
      display_name: u.name,
      title: u.title ?? "",
      ...(u.email !== undefined ? { email: u.email } : {}),
      ...(u.botId ? { bot_id: u.botId } : {}),
    },
  };
}

/** Opaque cursors like Slack's base64 ones. */
function paginate<T>(all: readonly T[], a: Json, maxPage: number, defaultPage = maxPage): { items: T[]; next: string } | { error: Json } {
  let offset = 0;
  const cursor = str(a.cursor);
  if (cursor !== undefined) {
    const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
    if (!m) return { error: slackError("invalid_cursor") };
    offset = Number(m[1]);
  }
  const requested = Number(a.limit);
  const size = Number.isFinite(requested) && requested > 0 ? Math.min(requested, maxPage) : Math.min(defaultPage, maxPage);
  const items = all.slice(offset, offset + size);
  const next = offset + size < all.length ? Buffer.from(`offset:${offset + size}`).toString("base64") : "";
  return { items, next };
}
