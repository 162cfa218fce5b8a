import { EMULATOR_IDS } from "../identity.js";
import type { WebApiContext } from "./context.js";
import { ok, slackError, type Json } from "./wire.js";

/** auth.test and apps.connections.open: who the token belongs to, and where Socket Mode connects. */

export function authTest(cx: WebApiContext): Json {
  return ok({
    url: cx.d.workspaceUrl,
    team: EMULATOR_IDS.teamName,
    user: EMULATOR_IDS.botName,
    team_id: EMULATOR_IDS.teamId,
    user_id: EMULATOR_IDS.botUserId,
    bot_id: EMULATOR_IDS.botId,
    is_enterprise_install: false,
  });
}

/** Called with an app-level token (xapp-), unlike every other method. */
export function connectionsOpen(cx: WebApiContext): Json {
  const url = cx.d.socketUrl();
  return url ? ok({ url }) : slackError("socket_mode_not_enabled");
}
