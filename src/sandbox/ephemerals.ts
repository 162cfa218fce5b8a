/**
 * Ephemeral messages: shown to one person in one channel, never stored in the channel's history,
 * gone after a restart (as in Slack, where they vanish on reload).
 */
export interface EphemeralMessage {
  channel: string;
  /** The only person who sees it. */
  user: string;
  ts: string;
  /** Who it is from: the app's bot user, or Slackbot for the workspace's own notices. */
  from: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
}

/** Kept per person, newest last; old ones fall off. */
const PER_USER = 200;

export class EphemeralStore {
  private readonly byUser = new Map<string, EphemeralMessage[]>();

  add(message: EphemeralMessage): void {
    const list = this.byUser.get(message.user) ?? [];
    list.push(message);
    if (list.length > PER_USER) list.shift();
    this.byUser.set(message.user, list);
  }

  /** What `user` sees in `channel` (only top-level ones unless a thread is given). */
  visibleTo(user: string, channel: string, threadTs?: string): EphemeralMessage[] {
    return (this.byUser.get(user) ?? []).filter((m) => m.channel === channel && m.threadTs === threadTs);
  }

  find(user: string, ts: string): EphemeralMessage | undefined {
    return this.byUser.get(user)?.find((m) => m.ts === ts);
  }

  replace(user: string, ts: string, change: { text?: string; blocks?: unknown[] }): boolean {
    const m = this.find(user, ts);
    if (!m) return false;
    if (change.text !== undefined) m.text = change.text;
    if (change.blocks !== undefined) m.blocks = change.blocks;
    return true;
  }

  remove(user: string, ts: string): boolean {
    const list = this.byUser.get(user);
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  clear(): void {
    this.byUser.clear();
  }
}
