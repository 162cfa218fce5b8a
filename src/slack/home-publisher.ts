import type { WebClient } from "@slack/web-api";
import type { Clock } from "../domain/clock.js";
import { buildHomeModel } from "../domain/home.js";
import type { Actor } from "../domain/permissions.js";
import type { Policy } from "../domain/playbook/model.js";
import type { Logger } from "../logger.js";
import type { HomeService } from "../services/home-service.js";
import { ActorDirectory } from "./actor-directory.js";
import { permalinkBuilder } from "./permalinks.js";
import { buildHomeView } from "./views/home-view.js";

/**
 * Publishes a person's App Home (views.publish) when its outbox row is sent: read now, so it shows
 * the state at send time. Who the person is to each restricted escalation (roles, channels) is
 * asked of Slack as for a click, and domain/home.ts decides what they may see; their time zone is
 * Slack's (users.info `tz`), as the customer-update draft reads it. Errors are thrown: the outbox
 * retries the row like any other message.
 */
export class HomePublisher {
  private readonly actors: ActorDirectory;
  private readonly permalink: ReturnType<typeof permalinkBuilder>;

  constructor(
    private readonly deps: {
      homes: HomeService;
      client: WebClient;
      policy: Policy;
      clock: Clock;
      logger: Logger;
      /** Offer the Dashboard button (PUBLIC_URL is set, or the sandbox serves its page). */
      dashboard?: boolean;
    },
  ) {
    this.actors = new ActorDirectory(deps.policy, deps.clock, deps.logger);
    this.permalink = permalinkBuilder(deps.client, deps.logger);
  }

  async publish(userId: string): Promise<void> {
    const { client, policy } = this.deps;
    const { now, snapshot, lastWeek } = await this.deps.homes.snapshot(userId);
    const rows = [...snapshot.mine.rows, ...snapshot.atRisk.rows, ...snapshot.restrictedOpen, ...snapshot.resolved.rows];
    const actors = new Map<number, Actor>();
    for (const esc of rows) {
      if (esc.restricted && !actors.has(esc.id)) actors.set(esc.id, await this.actors.of(client, userId, esc));
    }
    const model = buildHomeModel(snapshot, { viewer: userId, now, policy, actors });
    const shown = [...model.mine.rows, ...model.atRisk.rows, ...model.resolved.rows].map((r) => r.esc);
    const permalinks = new Map<number, string>();
    for (const esc of shown) {
      const url = permalinks.has(esc.id) ? undefined : await this.permalink(esc);
      if (url) permalinks.set(esc.id, url);
    }
    const zone = await this.zoneOf(userId);
    await client.views.publish({ user_id: userId, view: buildHomeView(model, { policy, zone, permalinks, lastWeek, dashboard: this.deps.dashboard ?? false }) });
    this.deps.logger.info({ user: userId, mine: model.mine.rows.length + model.mine.more, at_risk: model.atRisk.rows.length + model.atRisk.more, open: model.openTotal }, "home.published");
  }

  /** The person's time zone as Slack knows it; UTC (and the view says so) when Slack does not answer. */
  private async zoneOf(userId: string): Promise<string> {
    try {
      return (await this.deps.client.users.info({ user: userId })).user?.tz || "UTC";
    } catch (err) {
      this.deps.logger.warn({ user: userId, err }, "home.users_info_failed");
      return "UTC";
    }
  }
}
