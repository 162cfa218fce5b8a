import type { AppAnswer, AppLink } from "./app-link.js";
import { EMULATOR_IDS } from "./identity.js";
import type { ActionOutcome, ResponseTarget } from "./interactions.js";
import type { ViewStore } from "./views.js";
import { messageObject } from "./web-api/objects.js";
import { isMember, type Workspace } from "./workspace.js";

/**
 * The app's shortcuts (its manifest's `features.shortcuts`), used by a person: a global one from the
 * page's Shortcuts menu sends a `shortcut` payload, a message one from a message's "More actions"
 * menu sends a `message_action` payload with that message, its channel and a response URL. Both
 * carry a trigger id the app may exchange for a modal (views.open) within 3 seconds, once, as a
 * slash command's. Shortcuts the manifest does not declare are refused before reaching the app.
 */

export interface ShortcutSpec {
  name: string;
  type: "global" | "message";
  callbackId: string;
  description: string;
}

export interface ShortcutsDeps {
  workspace: Workspace;
  views: ViewStore;
  link: AppLink;
  now: () => number;
  /** Hands out a response URL, as for the other interactions (interactions.ts). */
  responseUrl: (target: Omit<ResponseTarget, "uses" | "expiresAt">) => string;
}

export class Shortcuts {
  private specs: ShortcutSpec[] = [];

  constructor(private readonly d: ShortcutsDeps) {}

  /** The shortcuts the app declares (its manifest). */
  set(specs: readonly ShortcutSpec[]): void {
    this.specs = [...specs];
  }

  get all(): readonly ShortcutSpec[] {
    return this.specs;
  }

  /** A person chooses a global shortcut. */
  async global(userId: string, callbackId: string): Promise<ActionOutcome> {
    const user = this.d.workspace.users.get(userId);
    if (!user || user.isBot) return { ok: false, error: "user_not_found" };
    if (!this.declared("global", callbackId)) return { ok: false, error: "shortcut_not_found" };
    const payload = {
      type: "shortcut",
      token: "sandbox-verification-token",
      action_ts: actionTs(this.d.now()),
      team: { id: EMULATOR_IDS.teamId, domain: EMULATOR_IDS.teamDomain },
      user: { id: user.id, username: user.name, team_id: EMULATOR_IDS.teamId },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: this.d.views.issueTrigger(user.id),
    };
    return outcome(await this.d.link.send("interactive", payload));
  }

  /** A person chooses a message shortcut from the "More actions" menu of a message they can see. */
  async onMessage(userId: string, at: { channel: string; messageTs: string }, callbackId: string): Promise<ActionOutcome> {
    const user = this.d.workspace.users.get(userId);
    const channel = this.d.workspace.channels.get(at.channel);
    if (!user || user.isBot || !channel || !isMember(channel, userId)) return { ok: false, error: "channel_not_found" };
    const message = this.d.workspace.message(channel.id, at.messageTs);
    if (!message) return { ok: false, error: "message_not_found" };
    if (!this.declared("message", callbackId)) return { ok: false, error: "shortcut_not_found" };
    const threadTs = message.threadTs !== undefined && message.threadTs !== message.ts ? message.threadTs : undefined;
    const payload = {
      type: "message_action",
      token: "sandbox-verification-token",
      action_ts: actionTs(this.d.now()),
      team: { id: EMULATOR_IDS.teamId, domain: EMULATOR_IDS.teamDomain },
      user: { id: user.id, username: user.name, name: user.name, team_id: EMULATOR_IDS.teamId },
      channel: { id: channel.id, name: channel.isIm ? "directmessage" : channel.name },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: this.d.views.issueTrigger(user.id),
      message_ts: message.ts,
      message: messageObject(this.d.workspace, message),
      response_url: this.d.responseUrl({ user: user.id, channel: channel.id, ...(threadTs ? { threadTs } : {}) }),
    };
    return outcome(await this.d.link.send("interactive", payload));
  }

  private declared(type: ShortcutSpec["type"], callbackId: string): boolean {
    return this.specs.some((s) => s.type === type && s.callbackId === callbackId);
  }
}

/** The app's acknowledgement; without one, the person is told it did not respond (by the page). */
function outcome(answer: AppAnswer): ActionOutcome {
  return answer.ok ? { ok: true } : { ok: false, error: answer.error };
}

function actionTs(nowMs: number): string {
  return (nowMs / 1000).toFixed(6);
}
