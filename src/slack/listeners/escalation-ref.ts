import type { EscalationRow } from "../../db/schema.js";
import type { ListenerDeps } from "./deps.js";

/** Where a click happened, as Slack's block_actions payload says. */
export interface ClickPlace {
  container?: { type?: string; channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
  message?: { ts?: string; thread_ts?: string };
}

/**
 * True when a click in the escalation's own channel came from a message other than its post (or
 * that post's thread): an old post left from a lost database, say, whose signed reference would
 * otherwise name this escalation. Clicks elsewhere (DMs, handoff posts in other channels, ephemeral
 * notices) are bound by the signature alone, as is everything before the post's ts is known.
 */
export function clickedOnAnotherPost(esc: EscalationRow, place: ClickPlace): boolean {
  const c = place.container;
  if (!esc.messageChannelId || !esc.messageTs || c?.type !== "message" || c.is_ephemeral || c.channel_id !== esc.messageChannelId) return false;
  const threadTs = c.thread_ts ?? place.message?.thread_ts;
  // A reply in a thread (a reminder's Post update / Snooze): the thread must be the post's.
  if (threadTs !== undefined && threadTs !== c.message_ts) return threadTs !== esc.messageTs;
  return c.message_ts !== esc.messageTs;
}

/**
 * The escalation a click is about, or undefined when its value is not signed by this installation
 * or the click came from another post. Unsigned values (the bare "42" of messages posted before
 * references were signed) are refused too rather than trusted for a while: a bare id is exactly what
 * let an old message act on a new escalation with the same number, and an old message's buttons
 * are few and answered kindly ("out of date"), while a wrong acknowledgement is not undone.
 */
export async function escalationOfClick(deps: Pick<ListenerDeps, "refs" | "escalations">, signedRef: string | undefined, place: ClickPlace): Promise<number | undefined> {
  return (await clickedEscalation(deps, signedRef, place))?.id;
}

/**
 * escalationOfClick with the row it read: `escalation` is undefined when the reference is good but
 * the escalation no longer exists. A listener that needs the row anyway reads it once, not again.
 */
export async function clickedEscalation(
  deps: Pick<ListenerDeps, "refs" | "escalations">,
  signedRef: string | undefined,
  place: ClickPlace,
): Promise<{ id: number; escalation: EscalationRow | undefined } | undefined> {
  const id = deps.refs.verify(signedRef);
  if (id === undefined) return undefined;
  const escalation = await deps.escalations.get(id);
  return escalation && clickedOnAnotherPost(escalation, place) ? undefined : { id, escalation };
}
