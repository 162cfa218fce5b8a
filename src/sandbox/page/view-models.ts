import { DateTime } from "luxon";
import type { EphemeralMessage } from "../ephemerals.js";
import { EMULATOR_IDS } from "../identity.js";
import { renderAttachments, renderBlocks } from "../render/blocks.js";
import type { RenderContext } from "../render/context.js";
import { renderFiles } from "../render/files.js";
import { idScope } from "../render/ids.js";
import { renderMrkdwn } from "../render/mrkdwn.js";
import { renderModal } from "../render/view.js";
import type { SlackEmulator } from "../emulator.js";
import type { ShortcutSpec } from "../shortcuts.js";
import { isMember, tsToMs, type Workspace, type WorkspaceChannel, type WorkspaceMessage, type WorkspaceUser } from "../workspace.js";

/**
 * What the sandbox page shows, as JSON for one viewer: the workspace (sidebar, people to act as),
 * a conversation or thread with each message rendered to HTML in the viewer's time zone, and the
 * modal the viewer has open. Ephemeral messages appear only for the person they were meant for.
 */

export interface PersonView {
  id: string;
  name: string;
  realName: string;
  title: string;
  tz: string;
}

export interface ChannelItem {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
}

export interface WorkspaceView {
  team: string;
  app: string;
  me: PersonView;
  people: PersonView[];
  channels: ChannelItem[];
  dms: ChannelItem[];
  commands: { command: string; description?: string; usageHint?: string }[];
  /** The app's shortcuts: global ones for the Shortcuts menu, message ones for each message's "More actions". */
  shortcuts: { global: ShortcutItem[]; message: ShortcutItem[] };
  clock: { now: number; offsetMs: number; label: string };
}

export interface ShortcutItem {
  callbackId: string;
  name: string;
  description: string;
}

export interface MessageView {
  ts: string;
  author: { id: string; name: string; isApp: boolean };
  /** "3:04 PM" and "Thursday, January 15th" in the viewer's zone. */
  time: string;
  day: string;
  html: string;
  edited: boolean;
  ephemeral: boolean;
  replyCount: number;
  threadTs?: string;
  /** Pinned to the channel (Slack shows "Pinned by …" above it). */
  pinned?: boolean;
}

export interface ConversationView {
  /** `appIsMember`: false offers to add the app, as Slack's channel details do. */
  channel: ChannelItem & { topic: string; title: string; appIsMember: boolean; archived: boolean };
  messages: MessageView[];
}

export interface ModalView {
  id: string;
  title: string;
  submit?: string;
  close: string;
  body: string;
}

export function personView(u: WorkspaceUser): PersonView {
  return { id: u.id, name: u.name, realName: u.realName, title: u.title ?? "", tz: u.tz };
}

/** What `viewer` sees rendered: names of people, channels and groups, in their own zone. */
export function renderContextFor(ws: Workspace, viewer: WorkspaceUser, now: number): RenderContext {
  return {
    userName: (id) => ws.users.get(id)?.realName,
    channelName: (id) => {
      const c = ws.channels.get(id);
      return c ? (c.isIm ? `DM with ${ws.users.get(c.user ?? "")?.realName ?? "someone"}` : c.name) : undefined;
    },
    usergroupHandle: (id) => ws.usergroups.get(id)?.handle,
    users: [...ws.users.values()].filter((u) => !u.isBot).map((u) => ({ id: u.id, name: u.realName })),
    channels: [...ws.channels.values()].filter((c) => !c.isIm && isMember(c, viewer.id)).map((c) => ({ id: c.id, name: c.name })),
    timeZone: viewer.tz,
    now,
  };
}

export function workspaceView(emulator: SlackEmulator, viewer: WorkspaceUser, clock: { now: number; offsetMs: number }, appName: string): WorkspaceView {
  const ws = emulator.workspace;
  const visible = [...ws.channels.values()].filter((c) => isMember(c, viewer.id));
  return {
    team: EMULATOR_IDS.teamName,
    app: appName,
    me: personView(viewer),
    people: [...ws.users.values()].filter((u) => !u.isBot).map(personView),
    channels: visible.filter((c) => !c.isIm).sort((a, b) => a.name.localeCompare(b.name)).map(channelItem),
    // The app's DM with the viewer is always there, as the app's Messages tab is in Slack.
    dms: [ws.dmWith(viewer.id, EMULATOR_IDS.botUserId)].map((c) => ({ ...channelItem(c), name: appName })),
    commands: [...emulator.interactions.slashCommands],
    shortcuts: {
      global: emulator.shortcuts.all.filter((s) => s.type === "global").map(shortcutItem),
      message: emulator.shortcuts.all.filter((s) => s.type === "message").map(shortcutItem),
    },
    clock: { ...clock, label: DateTime.fromMillis(clock.now, { zone: viewer.tz }).toFormat("ccc d LLL, h:mm a ZZZZ") },
  };
}

const shortcutItem = (s: ShortcutSpec): ShortcutItem => ({ callbackId: s.callbackId, name: s.name, description: s.description });

function channelItem(c: WorkspaceChannel): ChannelItem {
  return { id: c.id, name: c.name, isPrivate: c.isPrivate, isIm: c.isIm };
}

/** A channel's messages (or one thread's) as `viewer` sees them, oldest first. */
export function conversationView(emulator: SlackEmulator, viewer: WorkspaceUser, channel: WorkspaceChannel, now: number, appName: string, threadTs?: string): ConversationView {
  const ws = emulator.workspace;
  const ctx = renderContextFor(ws, viewer, now);
  const stored = threadTs
    ? [ws.message(channel.id, threadTs), ...ws.replies(channel.id, threadTs)].filter((m): m is WorkspaceMessage => m !== undefined)
    : ws.channelMessages(channel.id).filter((m) => m.threadTs === undefined || m.threadTs === m.ts);
  const ephemeral = emulator.ephemerals.visibleTo(viewer.id, channel.id, threadTs);
  // The thread pane shows its parent again beside the channel: a pane of its own keeps ids unique.
  const pane = threadTs ? "t" : "c";
  const items = [
    ...stored.map((m) => messageView(ws, m, ctx, appName, threadTs ? [] : ws.replies(channel.id, m.ts), pane, viewer.id)),
    ...ephemeral.map((m) => ephemeralView(ws, m, ctx, appName, pane)),
  ].sort((a, b) => (tsToMs(a.ts) === tsToMs(b.ts) ? a.ts.localeCompare(b.ts) : tsToMs(a.ts) - tsToMs(b.ts)));
  const title = channel.isIm ? appName : `#${channel.name}`;
  const appIsMember = isMember(channel, EMULATOR_IDS.botUserId);
  const topic = plainMentions(ws, channel.topic ?? "");
  return { channel: { ...channelItem(channel), topic, title, appIsMember, archived: channel.archived === true }, messages: items };
}

/** A topic as Slack's header shows it: mentions of people and channels by name, the rest as typed. */
function plainMentions(ws: Workspace, text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)>/g, (_, id: string) => `@${ws.users.get(id)?.realName ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${ws.channels.get(id)?.name ?? id}`);
}

function author(ws: Workspace, id: string, appName: string): MessageView["author"] {
  if (id === EMULATOR_IDS.botUserId) return { id, name: appName, isApp: true };
  if (id === EMULATOR_IDS.slackbotId) return { id, name: "Slackbot", isApp: true };
  return { id, name: ws.users.get(id)?.realName ?? id, isApp: false };
}

/**
 * Blocks when there are any (the text is then only the notification); else the text as mrkdwn.
 * `idPrefix` names the message's field ids apart from every other message and pane on the page.
 */
function body(m: { text?: string; blocks?: unknown[]; attachments?: unknown[] }, ctx: RenderContext, idPrefix: string): string {
  const ids = idScope(idPrefix);
  const main = m.blocks && m.blocks.length > 0 ? renderBlocks(m.blocks, ctx, { ids }) : renderMrkdwn(m.text ?? "", ctx);
  return m.attachments && m.attachments.length > 0 ? main + renderAttachments(m.attachments, ctx, { ids }) : main;
}

function when(ts: string, ctx: RenderContext): { time: string; day: string } {
  const t = DateTime.fromMillis(tsToMs(ts), { zone: ctx.timeZone });
  return { time: t.toFormat("h:mm a"), day: t.toFormat("cccc, LLLL d") };
}

function messageView(ws: Workspace, m: WorkspaceMessage, ctx: RenderContext, appName: string, replies: WorkspaceMessage[], pane: string, viewer: string): MessageView {
  return {
    ts: m.ts,
    author: author(ws, m.user, appName),
    ...when(m.ts, ctx),
    // A file's preview and download link follow the message's text, as in Slack.
    html: body(m, ctx, `${pane}m${m.ts}`) + renderFiles(m.files, viewer, `${pane}m${m.ts}`.replace(/\./g, "-")),
    edited: m.editedTs !== undefined,
    ephemeral: false,
    replyCount: replies.length,
    ...(m.threadTs ? { threadTs: m.threadTs } : {}),
    ...(ws.channels.get(m.channel)?.pinned?.includes(m.ts) ? { pinned: true } : {}),
  };
}

function ephemeralView(ws: Workspace, m: EphemeralMessage, ctx: RenderContext, appName: string, pane: string): MessageView {
  return {
    ts: m.ts,
    author: author(ws, m.from, appName),
    ...when(m.ts, ctx),
    html: body(m, ctx, `${pane}e${m.ts}`),
    edited: false,
    ephemeral: true,
    replyCount: 0,
    ...(m.threadTs ? { threadTs: m.threadTs } : {}),
  };
}

export interface HomeTabView {
  id: string;
  body: string;
}

/** The Home tab the app published for `viewer`, rendered in their zone; null before it published one. */
export function homeView(emulator: SlackEmulator, viewer: WorkspaceUser, now: number): HomeTabView | null {
  const published = emulator.views.home(viewer.id);
  if (!published) return null;
  return { id: published.view.id, body: renderBlocks(published.view.blocks, renderContextFor(emulator.workspace, viewer, now), { ids: idScope(`h${published.view.id}`) }) };
}

/** The modal `viewer` sees now (errors from a submission are shown by the page in place, keeping what was typed). */
export function modalView(emulator: SlackEmulator, viewer: WorkspaceUser, now: number): ModalView | null {
  const open = emulator.views.top(viewer.id);
  if (!open) return null;
  const rendered = renderModal(open.view, renderContextFor(emulator.workspace, viewer, now), { ids: idScope(`v${open.view.id}`) });
  return { id: open.view.id, ...rendered };
}
