import * as auth from "./web-api/auth.js";
import * as chat from "./web-api/chat.js";
import { WebApiContext, type Method, type WebApiDeps } from "./web-api/context.js";
import * as conversations from "./web-api/conversations.js";
import * as files from "./web-api/files.js";
import * as users from "./web-api/users.js";
import * as views from "./web-api/views.js";
import { slackError, type Json } from "./web-api/wire.js";

/**
 * The Web API methods the emulator serves, over the workspace: what each method answers and the
 * rules Slack enforces (scopes, channel visibility, membership, Block Kit limits, trigger ids).
 * Arguments arrive as on the wire; answers are Slack's JSON bodies. The tables below list every
 * method the emulator knows; each family's module (src/sandbox/web-api/) holds their rules.
 */

export type { WebApiDeps } from "./web-api/context.js";

/** Methods called with the bot token. */
const BOT_METHODS = new Map<string, Method>(
  Object.entries({
    "auth.test": auth.authTest,
    "chat.postMessage": chat.postMessage,
    "chat.update": chat.update,
    "chat.delete": chat.deleteMessage,
    "chat.postEphemeral": chat.postEphemeral,
    "chat.getPermalink": chat.getPermalink,
    "conversations.list": conversations.listConversations,
    "conversations.info": conversations.info,
    "conversations.members": conversations.members,
    "conversations.history": conversations.history,
    "conversations.replies": conversations.replies,
    "conversations.join": conversations.join,
    "conversations.create": conversations.create,
    "conversations.invite": conversations.invite,
    "conversations.open": conversations.open,
    "files.getUploadURLExternal": files.getUploadURLExternal,
    "files.completeUploadExternal": files.completeUploadExternal,
    "conversations.setTopic": conversations.setTopic,
    "conversations.archive": conversations.archive,
    "pins.add": conversations.pinAdd,
    "pins.list": conversations.pinList,
    "users.info": users.info,
    "users.list": users.listUsers,
    "users.lookupByEmail": users.lookupByEmail,
    "usergroups.list": users.listUsergroups,
    "usergroups.users.list": users.usergroupMembers,
    "views.open": views.openView,
    "views.push": views.pushView,
    "views.update": views.updateView,
    "views.publish": views.publishView,
  }),
);

/** Methods called with an app-level token (xapp-); every other method refuses one. */
const APP_METHODS = new Map<string, Method>(Object.entries({ "apps.connections.open": auth.connectionsOpen }));

export class WebApi {
  private readonly cx: WebApiContext;

  constructor(deps: WebApiDeps) {
    this.cx = new WebApiContext(deps);
  }

  /** Answers one call made with `token`. */
  handle(method: string, args: Json, token: string): Json {
    const isAppToken = token.startsWith("xapp-");
    const appMethod = APP_METHODS.get(method);
    if (appMethod) return isAppToken ? appMethod(this.cx, args) : slackError("not_allowed_token_type");
    if (isAppToken) return slackError("not_allowed_token_type");
    const handler = BOT_METHODS.get(method);
    return handler ? handler(this.cx, args) : slackError("unknown_method");
  }
}
