import { randomBytes } from "node:crypto";
import type { AppAnswer, AppLink } from "./app-link.js";
import { EMULATOR_IDS } from "./identity.js";

/**
 * Slack's Events API towards the app: a bot event the app subscribed to (the manifest's
 * `settings.event_subscriptions.bot_events`) and may see with its scopes is wrapped in an
 * `event_callback` envelope and sent like every other request (signed HTTP POST to the request URL,
 * or an `events_api` envelope on the Socket Mode connection). Events are sent after what caused
 * them, never as part of the person's own request, as in Slack.
 */

type Json = Record<string, unknown>;

/** One event as the app was sent it, and how it answered (undefined while under way). */
export interface SentEvent {
  type: string;
  envelope: Json;
  at: number;
  answer?: AppAnswer;
}

export interface EventsApiDeps {
  link: AppLink;
  /** The bot events the app subscribed to; others are never sent. */
  subscribed: ReadonlySet<string>;
  /** Granted bot scopes; undefined grants everything. */
  scopes: ReadonlySet<string> | undefined;
  /** Now for event timestamps (the sandbox moves it with time travel). */
  now: () => number;
  /** Told when an event was sent and when the app answered, for the sandbox page's log. */
  onSent: (sent: SentEvent) => void;
}

/** How many sent events are kept for tests and the page (old ones fall off). */
const KEEP = 500;

export class EventsApi {
  readonly sent: SentEvent[] = [];

  constructor(private readonly d: EventsApiDeps) {}

  /**
   * Sends `event` when the app subscribed to it and holds one of `anyScope` (the scope Slack
   * requires for that event on that kind of channel); resolves with the app's answer, or undefined
   * when Slack would not have sent it. The subscription is the event's type unless it is named:
   * a `message` is subscribed to per kind of conversation (`message.channels`, `message.groups`).
   */
  async dispatch(event: Json & { type: string }, anyScope: readonly string[], subscription: string = event.type): Promise<AppAnswer | undefined> {
    if (!this.d.subscribed.has(subscription)) return undefined;
    // An event that needs no scope (app_home_opened) names none.
    if (this.d.scopes && anyScope.length > 0 && !anyScope.some((s) => this.d.scopes!.has(s))) return undefined;
    const now = this.d.now();
    const eventTs = (now / 1000).toFixed(6);
    const envelope: Json = {
      token: "sandbox-verification-token",
      team_id: EMULATOR_IDS.teamId,
      context_team_id: EMULATOR_IDS.teamId,
      api_app_id: EMULATOR_IDS.appId,
      event: { ...event, event_ts: eventTs },
      type: "event_callback",
      event_id: `Ev${randomBytes(6).toString("hex").toUpperCase()}`,
      event_time: Math.floor(now / 1000),
      authorizations: [{ enterprise_id: null, team_id: EMULATOR_IDS.teamId, user_id: EMULATOR_IDS.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
    const sent: SentEvent = { type: event.type, envelope, at: Date.now() };
    this.sent.push(sent);
    if (this.sent.length > KEEP) this.sent.shift();
    this.d.onSent(sent);
    sent.answer = await this.d.link.send("events_api", envelope);
    this.d.onSent(sent);
    return sent.answer;
  }
}
