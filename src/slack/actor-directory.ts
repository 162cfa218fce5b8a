import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import type { Actor } from "../domain/permissions.js";
import { level } from "../domain/playbook/lookup.js";
import type { Logger } from "../logger.js";
import type { Policy } from "../domain/playbook/model.js";
import { ChannelDirectory } from "./channel-directory.js";
import { RoleDirectory } from "./role-directory.js";

/** Channel members change rarely; a minute-old view is fresh enough to decide a click. */
const MEMBERS_TTL_MS = 60_000;

/**
 * What the playbook's permissions need to know about a person, asked of Slack: the playbook roles
 * they hold (users, emails looked up; user groups are not expanded) and whether they are in the
 * owning level's channels and the escalation's own channel. The decision itself is
 * domain/permissions.ts, made in the service layer.
 */
export class ActorDirectory {
  private roles: RoleDirectory | undefined;
  private channels: ChannelDirectory | undefined;
  private readonly members = new Map<string, { ids: ReadonlySet<string>; at: number }>();
  /** Member lists being read: the clicks of a busy moment share one read per channel. */
  private readonly reading = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async of(client: WebClient, userId: string, esc: EscalationRow): Promise<Actor> {
    // Bolt hands every listener the same client for the bot's token: the directories keep theirs.
    this.roles ??= new RoleDirectory(client, this.policy, this.clock, this.logger);
    this.channels ??= new ChannelDirectory(client, this.clock);
    const roles = new Set<string>();
    for (const roleId of Object.keys(this.policy.roles)) {
      if ((await this.roles.members(roleId)).includes(userId)) roles.add(roleId);
    }
    const channels = new Set<string>();
    const refs = [...level(this.policy, esc.level).channels, esc.channel, ...(esc.messageChannelId ? [esc.messageChannelId] : [])];
    for (const ref of new Set(refs)) {
      const id = await this.channelId(ref);
      if (id && (await this.memberIds(client, id)).has(userId)) {
        channels.add(ref);
        channels.add(id);
      }
    }
    return { userId, roles, channels };
  }

  private async channelId(ref: string): Promise<string | undefined> {
    try {
      return await this.channels!.resolve(ref);
    } catch {
      return undefined; // a channel that does not exist has no members
    }
  }

  private memberIds(client: WebClient, channelId: string): Promise<ReadonlySet<string>> {
    const cached = this.members.get(channelId);
    if (cached && this.clock.now() - cached.at < MEMBERS_TTL_MS) return Promise.resolve(cached.ids);
    let read = this.reading.get(channelId);
    if (!read) {
      read = this.readMembers(client, channelId).finally(() => this.reading.delete(channelId));
      this.reading.set(channelId, read);
    }
    return read;
  }

  private async readMembers(client: WebClient, channelId: string): Promise<ReadonlySet<string>> {
    const ids = new Set<string>();
    try {
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({ channel: channelId, limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const m of page.members ?? []) ids.add(m);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (err) {
      // Not in the channel, or Slack is unwell: nobody counts as a member this time (not cached).
      this.logger.debug({ channel: channelId, error: err instanceof Error ? err.message : String(err) }, "conversations.members_failed");
      return ids;
    }
    this.members.set(channelId, { ids, at: this.clock.now() });
    return ids;
  }
}
