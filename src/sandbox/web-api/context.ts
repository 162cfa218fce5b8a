import type { Conversations } from "../conversations.js";
import type { EphemeralStore } from "../ephemerals.js";
import type { FileUploads } from "../files.js";
import { EMULATOR_IDS } from "../identity.js";
import type { MessageEvents } from "../message-events.js";
import type { ViewStore } from "../views.js";
import { isMember, type Workspace, type WorkspaceChannel } from "../workspace.js";
import type { WorkspaceChange } from "../workspace-change.js";
import { CHANNEL_ID, slackError, str, USER_ID, type Json } from "./wire.js";

/**
 * What every Web API method works with, made once per emulator: the workspace and stores, and the
 * rules Slack applies before any method runs (granted scopes, which conversations the bot can
 * see, where it may write). Method families take it as their first argument.
 */

export interface WebApiDeps {
  workspace: Workspace;
  views: ViewStore;
  ephemerals: EphemeralStore;
  /** Now for message timestamps (the sandbox moves it with time travel). */
  now: () => number;
  /** Base of permalinks and auth.test's url, e.g. https://acme.slack.com/ . */
  workspaceUrl: string;
  /** conversations.list returns at most this many per page, so callers must paginate. */
  pageSize: number;
  /** Granted bot scopes; undefined grants everything. */
  scopes: ReadonlySet<string> | undefined;
  /** Creating channels and inviting to them, shared with the people on the sandbox page. */
  conversations: Conversations;
  /** The `message` events the app's own posts and edits cause (it must ignore them, as in Slack). */
  messages: MessageEvents;
  /** Files reserved by files.getUploadURLExternal, waiting for their bytes or to be shared. */
  files: FileUploads;
  /** Where the bytes of a reserved file go: this plus its id (the emulator's own HTTP server). */
  uploadUrlBase: string;
  /** The Socket Mode WebSocket address apps.connections.open hands out. */
  socketUrl: () => string | undefined;
  onChange: (change: WorkspaceChange) => void;
}

/** Which scope a method needs for a kind of conversation. */
export const HISTORY_SCOPE = { public: "channels:history", private: "groups:history", im: "im:history" } as const;
export const READ_SCOPE = { public: "channels:read", private: "groups:read", im: "im:read" } as const;

export class WebApiContext {
  readonly ws: Workspace;

  constructor(readonly d: WebApiDeps) {
    this.ws = d.workspace;
  }

  /** missing_scope unless one of `anyOf` is granted. */
  needs(...anyOf: string[]): Json | undefined {
    if (!this.d.scopes || anyOf.some((s) => this.d.scopes!.has(s))) return undefined;
    return slackError("missing_scope", { needed: anyOf.join(","), provided: [...this.d.scopes].join(",") });
  }

  /** A conversation the bot can see: public channels, and private ones and DMs it is in. */
  visible(ref: unknown): WorkspaceChannel | undefined {
    const raw = str(ref);
    if (!raw) return undefined;
    const c = CHANNEL_ID.test(raw) ? this.ws.channels.get(raw) : this.ws.channelByName(raw);
    if (!c) return undefined;
    return c.isPrivate && !botIsMember(c) ? undefined : c;
  }

  /** Runs `then` on a visible conversation once the scope for reading it (or its history) is granted. */
  withChannel(ref: unknown, access: "read" | "history", then: (c: WorkspaceChannel) => Json): Json {
    const c = this.visible(ref);
    if (!c) return slackError("channel_not_found");
    const scope = (access === "read" ? READ_SCOPE : HISTORY_SCOPE)[kindOf(c)];
    const missing = this.needs(scope);
    if (missing) return missing;
    // A bot reads a channel's messages only where it is a member, public channels included.
    if (access === "history" && !botIsMember(c)) return slackError("not_in_channel");
    return then(c);
  }

  /** Where chat.* may write: by id, by name, or to a person (the app's DM with them). */
  writable(ref: unknown): WorkspaceChannel | Json {
    const raw = str(ref);
    if (raw && USER_ID.test(raw)) {
      return this.ws.users.has(raw) ? this.ws.dmWith(raw, EMULATOR_IDS.botUserId) : slackError("channel_not_found");
    }
    const c = this.visible(raw);
    if (!c) return slackError("channel_not_found");
    // An archived channel is read-only for everyone, the app included.
    if (c.archived) return slackError("is_archived");
    if (!c.isIm && !c.isPrivate && !botIsMember(c) && this.d.scopes && !this.d.scopes.has("chat:write.public")) {
      return slackError("not_in_channel");
    }
    return c;
  }
}

export function kindOf(c: WorkspaceChannel): "public" | "private" | "im" {
  return c.isIm ? "im" : c.isPrivate ? "private" : "public";
}

export function botIsMember(c: WorkspaceChannel): boolean {
  return isMember(c, EMULATOR_IDS.botUserId);
}

/** A Web API method: arguments as on the wire in, Slack's JSON body out. */
export type Method = (cx: WebApiContext, args: Json) => Json;
