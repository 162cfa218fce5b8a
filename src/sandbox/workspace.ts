import { appendFileSync, closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The emulated workspace's world: people, channels, user groups and messages. Everything a person
 * could see again after a reload lives here; ephemeral messages and open modals do not (they do not
 * survive a reload in Slack either). With a journal path every change is appended to a JSON-lines
 * file and replayed at start, so the sandbox survives a restart.
 */

export interface WorkspaceUser {
  id: string;
  /** The handle, as in @dana. */
  name: string;
  realName: string;
  title?: string;
  email?: string;
  /** IANA zone: Slack renders <!date^…> in each reader's own zone. */
  tz: string;
  isBot: boolean;
  botId?: string;
  /** A deactivated account: Slack still knows it (users.info says `deleted: true`). */
  deactivated?: boolean;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** A direct message between the app and one person. */
  isIm: boolean;
  /** For a DM: the person it is with. */
  user?: string;
  members: string[];
  /** Everyone in the workspace is a member (#general). */
  everyone?: boolean;
  topic?: string;
  /** Who made it (conversations.create's `creator`). */
  creator?: string;
  /** Archived: read-only, kept with its history (conversations.archive). */
  archived?: boolean;
  /** Timestamps of its pinned messages, in the order they were pinned. */
  pinned?: string[];
}

export function isMember(channel: WorkspaceChannel, userId: string): boolean {
  return channel.everyone === true || channel.members.includes(userId);
}

export interface Usergroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

/** A file shared in a message (files.completeUploadExternal), its bytes kept with it. */
export interface WorkspaceFile {
  id: string;
  name: string;
  title: string;
  size: number;
  filetype: string;
  mimetype: string;
  /** The bytes, base64 (a few hundred kB at most: the sandbox caps uploads). */
  data: string;
}

export interface WorkspaceMessage {
  channel: string;
  ts: string;
  /** Author: a user id (the bot user for the app's messages). */
  user: string;
  botId?: string;
  /** Slack's system messages, e.g. "channel_join" ("<@U> has joined the channel"). */
  subtype?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  metadata?: unknown;
  /** Files shared with the message. */
  files?: WorkspaceFile[];
  /** Number of chat.update calls applied. */
  updates: number;
  editedTs?: string;
}

type JournalRecord =
  | { op: "user"; user: WorkspaceUser }
  | { op: "channel"; channel: WorkspaceChannel }
  | { op: "usergroup"; group: Usergroup }
  | { op: "post"; message: WorkspaceMessage }
  | { op: "update"; channel: string; ts: string; text?: string; blocks?: unknown[]; attachments?: unknown[]; editedTs: string }
  | { op: "delete"; channel: string; ts: string };

/** Rewrite the journal as a snapshot when it holds this many times more records than live objects. */
const COMPACT_RATIO = 3;

export class Workspace {
  readonly users = new Map<string, WorkspaceUser>();
  readonly channels = new Map<string, WorkspaceChannel>();
  readonly usergroups = new Map<string, Usergroup>();
  /** Every message, keyed `${channel}:${ts}`. */
  readonly messages = new Map<string, WorkspaceMessage>();
  /** Messages of each channel in ts order (parents and replies). */
  private readonly byChannel = new Map<string, WorkspaceMessage[]>();
  /** Replies of each thread, keyed like messages by its parent, in ts order. */
  private readonly threads = new Map<string, WorkspaceMessage[]>();
  private lastTsMicros = 0n;
  private journalFd: number | undefined;

  /** @param journalPath where changes are kept; undefined keeps everything in memory. */
  constructor(journalPath?: string) {
    if (!journalPath) return;
    mkdirSync(dirname(journalPath), { recursive: true });
    const records = existsSync(journalPath) ? readJournal(journalPath) : [];
    dropTornTail(journalPath);
    for (const r of records) this.apply(r);
    const live = this.users.size + this.channels.size + this.usergroups.size + this.messages.size;
    if (records.length > COMPACT_RATIO * Math.max(live, 100)) this.compact(journalPath);
    this.journalFd = openSync(journalPath, "a");
  }

  /** Forgets everyone and everything (the sandbox's reset); the journal starts again empty. */
  clear(): void {
    this.users.clear();
    this.channels.clear();
    this.usergroups.clear();
    this.messages.clear();
    this.byChannel.clear();
    this.threads.clear();
    if (this.journalFd !== undefined) ftruncateSync(this.journalFd, 0);
  }

  close(): void {
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
  }

  // ---------------------------------------------------------------- changes

  putUser(user: WorkspaceUser): void {
    this.record({ op: "user", user });
  }

  putChannel(channel: WorkspaceChannel): void {
    this.record({ op: "channel", channel });
  }

  putUsergroup(group: Usergroup): void {
    this.record({ op: "usergroup", group });
  }

  join(channelId: string, userId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel || channel.members.includes(userId)) return;
    this.putChannel({ ...channel, members: [...channel.members, userId] });
  }

  post(message: Omit<WorkspaceMessage, "updates">): WorkspaceMessage {
    const full = { ...message, updates: 0 };
    this.record({ op: "post", message: full });
    return this.messages.get(key(full.channel, full.ts))!;
  }

  update(channel: string, ts: string, change: { text?: string; blocks?: unknown[]; attachments?: unknown[] }, editedTs: string): WorkspaceMessage | undefined {
    if (!this.messages.has(key(channel, ts))) return undefined;
    this.record({ op: "update", channel, ts, ...change, editedTs });
    return this.messages.get(key(channel, ts));
  }

  delete(channel: string, ts: string): boolean {
    if (!this.messages.has(key(channel, ts))) return false;
    this.record({ op: "delete", channel, ts });
    return true;
  }

  // ---------------------------------------------------------------- queries

  message(channel: string, ts: string): WorkspaceMessage | undefined {
    return this.messages.get(key(channel, ts));
  }

  /** Messages of a channel in ts order, parents and thread replies alike. */
  channelMessages(channel: string): readonly WorkspaceMessage[] {
    return this.byChannel.get(channel) ?? [];
  }

  replies(channel: string, threadTs: string): WorkspaceMessage[] {
    return this.threads.get(key(channel, threadTs)) ?? [];
  }

  /** A shared file and the message it was shared in. */
  file(id: string): { file: WorkspaceFile; message: WorkspaceMessage } | undefined {
    for (const message of this.messages.values()) {
      const file = message.files?.find((f) => f.id === id);
      if (file) return { file, message };
    }
    return undefined;
  }

  channelByName(name: string): WorkspaceChannel | undefined {
    const wanted = name.replace(/^#/, "").toLowerCase();
    for (const c of this.channels.values()) if (!c.isIm && c.name === wanted) return c;
    return undefined;
  }

  userByEmail(email: string): WorkspaceUser | undefined {
    const wanted = email.toLowerCase();
    for (const u of this.users.values()) if (u.email?.toLowerCase() === wanted) return u;
    return undefined;
  }

  /** The DM between the app and `userId`, created on first use. */
  dmWith(userId: string, botUserId: string): WorkspaceChannel {
    const id = `D${userId}`;
    const existing = this.channels.get(id);
    if (existing) return existing;
    const dm: WorkspaceChannel = { id, name: id, isPrivate: true, isIm: true, user: userId, members: [userId, botUserId] };
    this.putChannel(dm);
    return dm;
  }

  /**
   * A message timestamp after every earlier one, from `nowMs` (Slack's ts are the post time in
   * seconds with microseconds, unique and increasing within a channel).
   */
  nextTs(nowMs: number): string {
    let micros = BigInt(Math.floor(nowMs)) * 1000n;
    if (micros <= this.lastTsMicros) micros = this.lastTsMicros + 100n;
    this.lastTsMicros = micros;
    return formatTs(micros);
  }

  // ---------------------------------------------------------------- journal

  private record(r: JournalRecord): void {
    this.apply(r);
    if (this.journalFd !== undefined) appendFileSync(this.journalFd, `${JSON.stringify(r)}\n`);
  }

  private apply(r: JournalRecord): void {
    switch (r.op) {
      case "user":
        this.users.set(r.user.id, r.user);
        return;
      case "channel":
        this.channels.set(r.channel.id, r.channel);
        return;
      case "usergroup":
        this.usergroups.set(r.group.id, r.group);
        return;
      case "post": {
        const m = { ...r.message };
        this.messages.set(key(m.channel, m.ts), m);
        const list = this.byChannel.get(m.channel) ?? [];
        list.push(m);
        this.byChannel.set(m.channel, list);
        if (m.threadTs !== undefined && m.threadTs !== m.ts) {
          const thread = this.threads.get(key(m.channel, m.threadTs)) ?? [];
          thread.push(m);
          this.threads.set(key(m.channel, m.threadTs), thread);
        }
        const micros = parseTs(m.ts);
        if (micros > this.lastTsMicros) this.lastTsMicros = micros;
        return;
      }
      case "update": {
        const m = this.messages.get(key(r.channel, r.ts));
        if (!m) return;
        // As in Slack, omitted fields keep their previous value.
        if (r.text !== undefined) m.text = r.text;
        if (r.blocks !== undefined) m.blocks = r.blocks;
        if (r.attachments !== undefined) m.attachments = r.attachments;
        m.updates += 1;
        m.editedTs = r.editedTs;
        return;
      }
      case "delete": {
        this.messages.delete(key(r.channel, r.ts));
        const list = this.byChannel.get(r.channel);
        const gone = list?.find((m) => m.ts === r.ts);
        if (list) this.byChannel.set(r.channel, list.filter((m) => m.ts !== r.ts));
        if (gone?.threadTs !== undefined) {
          const threadKey = key(r.channel, gone.threadTs);
          this.threads.set(threadKey, (this.threads.get(threadKey) ?? []).filter((m) => m.ts !== r.ts));
        }
        return;
      }
    }
  }

  /** Replaces a long journal by the records that rebuild today's state. */
  private compact(path: string): void {
    const lines: JournalRecord[] = [
      ...[...this.users.values()].map((user) => ({ op: "user" as const, user })),
      ...[...this.channels.values()].map((channel) => ({ op: "channel" as const, channel })),
      ...[...this.usergroups.values()].map((group) => ({ op: "usergroup" as const, group })),
      ...[...this.byChannel.values()].flat().map((message) => ({ op: "post" as const, message })),
    ];
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    renameSync(tmp, path);
  }
}

const key = (channel: string, ts: string) => `${channel}:${ts}`;

/** A crash mid-write can leave half a line at the end: cut it, so the next record starts on its own line. */
function dropTornTail(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path);
  const end = text.lastIndexOf(0x0a) + 1;
  if (end < text.length) truncateSync(path, end);
}

function readJournal(path: string): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line) as JournalRecord);
    } catch {
      // A line cut short by a crash mid-write: everything before it is intact.
    }
  }
  return out;
}

export function parseTs(ts: string): bigint {
  const m = /^(\d+)\.(\d{1,6})$/.exec(ts);
  if (!m) return 0n;
  return BigInt(m[1]!) * 1_000_000n + BigInt(m[2]!.padEnd(6, "0"));
}

export function formatTs(micros: bigint): string {
  return `${micros / 1_000_000n}.${String(micros % 1_000_000n).padStart(6, "0")}`;
}

/** Epoch milliseconds of a message ts. */
export function tsToMs(ts: string): number {
  return Number(parseTs(ts) / 1000n);
}
