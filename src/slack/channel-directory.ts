import type { WebClient } from "@slack/web-api";
import type { Clock } from "../domain/clock.js";

/** Raised when a configured channel name matches no channel the bot can see. */
export class ChannelNotFoundError extends Error {
  override readonly name = "ChannelNotFoundError";
  constructor(readonly channel: string) {
    super(`channel_not_found: no channel named ${channel} is visible to the bot (create it, or invite the bot if it is private)`);
  }
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
/** Don't page through every channel again for a missing name more often than this. */
const MIN_REFRESH_INTERVAL_MS = 30_000;

/**
 * Resolves channel references from config (`#fleet-support-tier2`, `fleet-support-tier2` or an id)
 * to channel ids through conversations.list, caching the whole name → id map and refreshing it when
 * a name is not found.
 */
export class ChannelDirectory {
  private byName = new Map<string, string>();
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
  ) {}

  /**
   * `neededSince`: the caller needs a view of Slack no older than this instant (when its message
   * became due; the deliverer asks so for a message's first attempt). A message made due because
   * Slack said its channel was just created, or the bot invited, then looks again at once instead
   * of meeting the cached "not found" for up to MIN_REFRESH_INTERVAL_MS; messages that came due
   * together still share one look.
   */
  async resolve(ref: string, neededSince?: number): Promise<string> {
    const trimmed = ref.trim();
    if (CHANNEL_ID.test(trimmed)) return trimmed;
    const name = normalizeChannelName(trimmed);
    const cached = this.byName.get(name);
    if (cached) return cached;
    const stale = this.clock.now() - this.lastRefresh >= MIN_REFRESH_INTERVAL_MS || (neededSince !== undefined && this.lastRefresh <= neededSince);
    if (stale) {
      await this.refresh();
      const found = this.byName.get(name);
      if (found) return found;
    }
    throw new ChannelNotFoundError(`#${name}`);
  }

  /** The id of a channel reference if already known, without calling Slack. */
  peek(ref: string): string | undefined {
    const trimmed = ref.trim();
    return CHANNEL_ID.test(trimmed) ? trimmed : this.byName.get(normalizeChannelName(trimmed));
  }

  /** One refresh at a time; concurrent callers share it. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const next = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.list({
        types: "public_channel,private_channel",
        exclude_archived: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of page.channels ?? []) {
        if (c.id && c.name) next.set(c.name.toLowerCase(), c.id);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    this.byName = next;
    this.lastRefresh = this.clock.now();
  }
}

export function normalizeChannelName(ref: string): string {
  return ref.replace(/^#/, "").trim().toLowerCase();
}
