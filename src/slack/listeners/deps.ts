import type { AckFn, ViewResponseAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import type { Fields, Logger } from "../../logger.js";
import type { Clock } from "../../domain/clock.js";
import type { Policy } from "../../domain/playbook/model.js";
import type { DeliveryRetries } from "../../services/delivery-retries.js";
import type { EscalationService } from "../../services/escalation-service.js";
import type { EscalationLife } from "../../services/life.js";
import type { ExportService } from "../../services/export-service.js";
import type { JiraService } from "../../services/jira-service.js";
import type { HomeService } from "../../services/home-service.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { ACTION_VERBS, type Actor } from "../../domain/permissions.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import type { Refused } from "../../services/use-case.js";
import type { ActorDirectory } from "../actor-directory.js";
import { channelLink, mention } from "../views/slack-format.js";
import type { RefSigner } from "../signed-ref.js";
import type { DashboardLinks } from "../dashboard-links.js";

/** The person acting on escalation `id`, with what the playbook's permissions look at. */
export async function actorFor(deps: Pick<ListenerDeps, "escalations" | "actors">, client: WebClient, userId: string, id: number): Promise<Actor> {
  return actorOf(deps, client, userId, await deps.escalations.get(id));
}

/** actorFor, with the escalation already read (undefined: it no longer exists). */
export function actorOf(deps: Pick<ListenerDeps, "actors">, client: WebClient, userId: string, esc: EscalationRow | undefined): Promise<Actor> {
  return esc ? deps.actors.of(client, userId, esc) : Promise.resolve({ userId, roles: new Set<string>(), channels: new Set<string>() });
}

/** "Only the owner, Tier 2's people or a manager can resolve ESC-0001; nothing was changed. Ask <@U1>." */
export function refusalText(r: Refused): string {
  const esc = r.escalation;
  const ask = esc.acknowledgedBy ? `Ask ${mention(esc.acknowledgedBy)}` : esc.messageChannelId ? `Ask in ${channelLink(esc.messageChannelId)}` : "Ask a manager";
  return `:no_entry: Only ${r.allowedAre} can ${ACTION_VERBS[r.action]} ${formatEscalationId(esc.id)}; nothing was changed. ${ask}.`;
}

export interface ListenerDeps {
  escalations: EscalationService;
  /** Ownership, severity changes, waiting on the customer, reopening, thread replies. */
  life: EscalationLife;
  /** Who a person is to an escalation (roles, channels), for the playbook's permissions. */
  actors: ActorDirectory;
  /** The escalation package and bug report (Export). */
  exports: ExportService;
  /** Create Jira issue; absent unless JIRA_* is set. */
  jira?: JiraService;
  /** JIRA_BASE_URL, to link an issue's key. */
  jiraBaseUrl?: string;
  /** People's App Homes: published when opened or refreshed. */
  homes: HomeService;
  /** Makes the Dashboard button's links; absent (or without an address), the button says the dashboard is not set up. */
  dashboard?: DashboardLinks;
  /** Messages waiting for their channel, tried again on Slack's news or a person's request. */
  deliveryRetries: DeliveryRetries;
  /** Verifies the signed escalation references that buttons and forms carry back. */
  refs: RefSigner;
  policy: Policy;
  clock: Clock;
  logger: Logger;
  /** Told of each escalation a submission opened (not of a repeated submit): the /metrics counter. */
  onOpened?: (esc: EscalationRow) => void;
}

/**
 * Says something only the given user sees. Failing to say it is logged, never thrown: the user's
 * action has already been handled and acked.
 */
export async function replyEphemeral(
  client: WebClient,
  logger: Logger,
  target: { channel: string | undefined; user: string },
  text: string,
): Promise<void> {
  try {
    if (target.channel) {
      await client.chat.postEphemeral({ channel: target.channel, user: target.user, text });
    } else {
      const dm = await client.conversations.open({ users: target.user });
      if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
    }
  } catch (err) {
    logger.warn({ user: target.user, error: err instanceof Error ? err.message : String(err) }, "reply.failed");
  }
}

export const SOMETHING_WENT_WRONG =
  ":warning: Sorry, that did not work and nothing was changed. Please try again in a moment; if it keeps failing, tell your Slack admin.";

/** Shown on a form whose change could not be saved: the form stays open with what was typed. */
export const NOT_SAVED = "This could not be saved just now; nothing was changed and your text is still here. Press the button again in a moment.";

/** Shown on a form whose hidden reference to its escalation cannot be read or is not signed by this bot. */
export const STALE_FORM = "This form is out of date. Close it and use the button on the escalation again.";

/** Said privately on a click whose button is not signed by this bot, or sits on a message it no longer uses. */
export const STALE_BUTTON = "This message is out of date, so its buttons no longer work; nothing was changed. Use the buttons on the escalation's current message.";

/**
 * A form's change is saved first and the ack closes the form only after it committed (about a
 * millisecond, far inside Slack's 3 s). If saving throws, the form stays open with what was typed
 * and an inline error on `errorBlock`; the result is then undefined.
 */
export async function saveThenAck<R>(
  // Bolt types a view listener's ack as either shape; it takes both at run time.
  ack: AckFn<ViewResponseAction> | AckFn<void>,
  logger: Logger,
  /** The entry logged if saving fails: its event and fields (the outcome is "error"). */
  what: { event: string; fields: Fields },
  errorBlock: string,
  save: () => Promise<R>,
): Promise<R | undefined> {
  let result: R;
  try {
    result = await save();
  } catch (err) {
    logger.error({ ...what.fields, outcome: "error", err }, what.event);
    await (ack as AckFn<ViewResponseAction>)({ response_action: "errors", errors: { [errorBlock]: NOT_SAVED } });
    return undefined;
  }
  await ack();
  return result;
}

/** "ESC-0042 is already resolved by @x", privately in the escalation's channel. */
export function replyAlreadyResolved(client: WebClient, logger: Logger, userId: string, esc: EscalationRow): Promise<void> {
  return replyEphemeral(client, logger, { channel: esc.messageChannelId ?? undefined, user: userId }, buildAlreadyResolved(esc));
}
