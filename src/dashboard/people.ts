import type { WebClient } from "@slack/web-api";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";

/** A person's name changes rarely; an hour-old one is fine on a dashboard. */
const NAME_TTL_MS = 60 * 60_000;

/**
 * The names the dashboard shows for Slack user ids (owners, the viewer), asked of Slack
 * (users.info) and kept for an hour. A person Slack does not answer for is shown by id, and asked
 * about again next time.
 */
export class PeopleNames {
  private readonly names = new Map<string, { name: string; at: number }>();

  constructor(private readonly deps: { client: WebClient; clock: Clock; logger: Logger }) {}

  async of(userIds: Iterable<string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(userIds)) out.set(id, await this.name(id));
    return out;
  }

  private async name(userId: string): Promise<string> {
    const now = this.deps.clock.now();
    const cached = this.names.get(userId);
    if (cached && now - cached.at < NAME_TTL_MS) return cached.name;
    try {
      const user = (await this.deps.client.users.info({ user: userId })).user;
      const name = user?.profile?.display_name || user?.real_name || user?.name || userId;
      this.names.set(userId, { name, at: now });
      return name;
    } catch (err) {
      this.deps.logger.debug({ user: userId, error: err instanceof Error ? err.message : String(err) }, "dashboard.users_info_failed");
      return cached?.name ?? userId;
    }
  }
}
