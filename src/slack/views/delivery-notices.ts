import type { ActionsBlock } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { channelWaitError } from "../../domain/channel-wait.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { truncate } from "../../domain/text.js";
import type { RetryProgress } from "../../services/delivery-retries.js";
import { ACTION } from "../ids.js";
import { LIMITS, button, mrkdwnSection } from "./block-kit.js";
import type { SlackMessage } from "./escalation-message.js";
import { channelLink, mention, userText } from "./slack-format.js";
import type { RefSigner } from "../signed-ref.js";

/**
 * What the reporter is told about messages Slack would not take: the escalation's own post, or a
 * later message (a pointer, a handoff, a thread reply). A message waiting for its channel comes with
 * Slack's own error in words, what fixes it, and a *Retry delivery* button for once it is fixed.
 */

const INVITE = "`/invite @Escalation Bot`";

/** A channel as the playbook names it: an id is linked (Slack shows its name), a name is text. */
function channelRef(channel: string): string {
  const trimmed = channel.trim();
  return /^[CG][A-Z0-9]{2,}$/.test(trimmed) ? channelLink(trimmed) : userText(`#${trimmed.replace(/^#/, "")}`);
}

/** Slack's refusal in words, naming its error code, and what a person can do about it. */
export function channelProblem(channel: string, error: string): { problem: string; fix: string } {
  const where = channelRef(channel);
  switch (channelWaitError(error)) {
    case "not_in_channel":
      return { problem: `Slack says the bot is not in ${where} (\`not_in_channel\`)`, fix: `Invite it there with ${INVITE}` };
    case "channel_not_found":
      // A private channel the bot is not in looks exactly like a missing one to the bot.
      return {
        problem: `Slack says there is no channel ${where} the bot can see (\`channel_not_found\`)`,
        fix: `Create ${where}, or if it is private, invite the bot there with ${INVITE}`,
      };
    case "is_archived":
      return { problem: `Slack says ${where} is archived (\`is_archived\`)`, fix: `Unarchive ${where} or have the playbook name another channel` };
    default:
      return { problem: `Slack refused it (${userText(error)})`, fix: "Ask your Slack admin to look at it" };
  }
}

/** The escalation to retry and how its reference is signed (the button carries it, never the bare id). */
interface RetryFor {
  esc: EscalationRow;
  refs: RefSigner;
}

function retryActions({ esc, refs }: RetryFor): ActionsBlock {
  return { type: "actions", block_id: "delivery_retry", elements: [button({ actionId: ACTION.retryDelivery, text: "Retry delivery", value: refs.sign(esc.id) })] };
}

function notice(text: string, withRetry?: RetryFor): SlackMessage {
  return { text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(text), ...(withRetry ? [retryActions(withRetry)] : [])] };
}

/** What the reporter is told when the escalation is stored but could not be posted. */
export function buildPostFailure(esc: EscalationRow, error: string, waiting: boolean, refs: RefSigner): SlackMessage {
  const id = formatEscalationId(esc.id);
  if (waiting) {
    const { problem, fix } = channelProblem(esc.channel, error);
    return notice(
      `:warning: *${id}* is saved, but it could not be posted to ${channelRef(esc.channel)} yet: ${problem}. ` +
        `${fix}, and it is posted there by itself (*Retry delivery* tries at once); meanwhile please raise it there by hand.`,
      { esc, refs },
    );
  }
  return notice(
    `:warning: *${id}* is saved, but Slack refused its post to ${channelRef(esc.channel)} (${userText(error)}). ` +
      `Please raise it there by hand and tell your Slack admin; the timeline records the failure.`,
  );
}

/** Told to the reporter when a later message of theirs could not be delivered (a thread reply, a DM). */
export function buildDeliveryProblem(esc: EscalationRow, refs: RefSigner, what: string, error: string, waiting: boolean, channel?: string): SlackMessage {
  const id = formatEscalationId(esc.id);
  if (waiting) {
    const { problem, fix } = channel ? channelProblem(channel, error) : { problem: `Slack says \`${userText(error)}\``, fix: "Once that is fixed" };
    return notice(`:warning: The escalation bot could not deliver ${what} for *${id}* yet: ${problem}. ${fix}, and it goes out by itself (*Retry delivery* tries at once).`, { esc, refs });
  }
  return notice(`:warning: The escalation bot could not deliver ${what} for *${id}* (${userText(error)}). The escalation itself is saved; its timeline records the failure.`);
}

/** Replaces a waiting notice once *Retry delivery* was pressed: what the new try came to. */
export function buildRetryOutcome(esc: EscalationRow, progress: RetryProgress | { kind: "nothing_waiting" }, refs: RefSigner): SlackMessage {
  const id = formatEscalationId(esc.id);
  switch (progress.kind) {
    case "delivered":
    case "nothing_waiting": {
      const now = progress.kind === "delivered" ? progress.escalation : esc;
      const where = now.messageChannelId ? ` It is posted in ${channelLink(now.messageChannelId)}.` : "";
      return notice(`:white_check_mark: *${id}* has been delivered: nothing of it waits for a channel any more.${where}`);
    }
    case "waiting": {
      const { problem, fix } = channelProblem(progress.channel, progress.error);
      const posted = progress.escalation.messageChannelId;
      // The post may have gone while a pointer still waits: say both, so nobody raises it twice.
      const subject = progress.what === undefined ? `*${id}*` : posted ? `*${id}* is posted in ${channelLink(posted)}, but ${progress.what}` : `${progress.what} for *${id}*`;
      return notice(`:hourglass_flowing_sand: Tried again just now: ${subject} still waits: ${problem}. ${fix}, and it goes out by itself, or press *Retry delivery* again.`, { esc, refs });
    }
    case "not_delivered":
      return progress.failed
        ? notice(`:warning: Tried *${id}* again: Slack refused it for good (${userText(progress.error)}). The timeline records the failure.`)
        : notice(`:hourglass_flowing_sand: Tried *${id}* again: Slack answered ${userText(progress.error)} this time; it is tried again by itself.`, { esc, refs });
    case "trying":
      return notice(`:arrows_counterclockwise: Trying *${id}* again now; it goes out as soon as Slack takes it.`, { esc, refs });
  }
}

/** Said privately to someone who presses *Retry delivery* on an escalation that is not theirs. */
export function buildRetryRefused(esc: EscalationRow): string {
  const owner = esc.acknowledgedBy ? ` or ${mention(esc.acknowledgedBy)}, who acknowledged it,` : "";
  return `Only the reporter (${mention(esc.reporterId)})${owner} can retry the delivery of ${formatEscalationId(esc.id)}; nothing was changed.`;
}

/**
 * Told to the playbook's admin role when Slack has refused a message for a long time. Names the
 * escalation, the destination and Slack's error only: it goes to people outside a restricted
 * escalation's channel.
 */
export function buildDeliveryStuck(esc: EscalationRow, intent: { what: string; error: string; waitingMin: number }): SlackMessage {
  const id = formatEscalationId(esc.id);
  const text =
    `:rotating_light: *The escalation bot has not got a message into Slack for ${intent.waitingMin} min.* ` +
      `${userText(intent.what)} for *${id}*: Slack answers \`${userText(intent.error)}\`. ` +
      "The bot keeps trying by itself and loses nothing; if Slack itself is up, check the app's installation and the bot's channels. The bot's /healthz shows what is waiting.";
  return { text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(text)] };
}
