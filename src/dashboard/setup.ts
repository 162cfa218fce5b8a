import type { SlackConfig } from "../config.js";
import type { Db } from "../db/connection.js";
import type { Clock } from "../domain/clock.js";
import type { Policy } from "../domain/playbook/model.js";
import type { Logger } from "../logger.js";
import { DashboardService } from "../services/dashboard-service.js";
import { ActorDirectory } from "../slack/actor-directory.js";
import type { ExtraRoute } from "../slack/app.js";
import { startupClient } from "../slack/installation-check.js";
import { PeopleNames } from "./people.js";
import { dashboardRoutes } from "./routes.js";
import { restrictedCheck } from "./viewer.js";

/**
 * The dashboard's routes for a running bot: its figures read from the bot's database, viewer links
 * and sessions signed with the bot's key, and a viewer's roles, channels and name asked of Slack
 * with a client of the bot's own, as App Home asks them.
 */
export function dashboardForBot(deps: { config: SlackConfig; db: Db; policy: Policy; clock: Clock; logger: Logger; key: string; open: boolean }): ExtraRoute[] {
  const { config, policy, clock, logger } = deps;
  const client = startupClient(config.slackBotToken, config.slackApiUrl, logger);
  const actors = { actors: new ActorDirectory(policy, clock, logger), client, policy };
  const names = new PeopleNames({ client, clock, logger });
  return dashboardRoutes({
    service: new DashboardService({ db: deps.db, policy, clock }),
    policy,
    logger,
    key: deps.key,
    dashboardToken: config.dashboardToken,
    open: deps.open,
    secureCookies: config.publicUrl?.startsWith("https:") === true,
    restricted: (viewer) => restrictedCheck(viewer, actors),
    names: (ids) => names.of(ids),
  });
}
