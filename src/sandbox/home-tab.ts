import type { EventsApi } from "./events-api.js";
import { EMULATOR_IDS } from "./identity.js";
import type { ActionOutcome } from "./interactions.js";
import type { ViewStore } from "./views.js";
import type { Workspace } from "./workspace.js";

/**
 * The app's Home tab, as a person opens it: Slack sends the app `app_home_opened` (when it
 * subscribed to it) with the conversation of the app's DM with that person, `tab: "home"` and the
 * view the app last published for them, if any. The app answers by publishing (views.publish,
 * web-api/views.ts), which the tab then shows; its buttons reach the app as block_actions from a
 * view (interactions.ts viewAction), as in Slack.
 */
export class HomeTabs {
  constructor(private readonly d: { workspace: Workspace; views: ViewStore; events: EventsApi }) {}

  async open(userId: string): Promise<ActionOutcome> {
    const user = this.d.workspace.users.get(userId);
    if (!user || user.isBot) return { ok: false, error: "user_not_found" };
    const dm = this.d.workspace.dmWith(userId, EMULATOR_IDS.botUserId);
    const published = this.d.views.home(userId);
    // No scope is needed for this event.
    const answer = await this.d.events.dispatch({ type: "app_home_opened", user: userId, channel: dm.id, tab: "home", ...(published ? { view: published.view } : {}) }, []);
    if (answer === undefined) return { ok: false, error: "not_subscribed" };
    return answer.ok ? { ok: true } : { ok: false, error: answer.error };
  }
}
