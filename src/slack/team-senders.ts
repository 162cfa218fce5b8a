import type { ChatPostMessageArguments } from "@slack/web-api";
import type { TeamIntent } from "../domain/outbox-intent.js";
import type { Policy } from "../domain/playbook/model.js";
import { buildWeeklyReviewMessage } from "./views/weekly-review.js";

/** What a message to the team, about no one escalation, may use: Slack through the deliverer, and its record. */
export interface TeamTools {
  policy: Policy;
  /** A channel named by the playbook, as an id. */
  channel(ref: string): Promise<string>;
  /** chat.postMessage, paced, at most once per outbox row. */
  postOnce(args: ChatPostMessageArguments): Promise<{ channel: string; ts: string }>;
  /** A message's permalink; undefined when Slack cannot give one (the line then names the id only). */
  permalinkAt(channel: string, ts: string): Promise<string | undefined>;
  sent(): Promise<void>;
}

/** Sends a message to the team (an outbox row without an escalation). */
export async function sendTeamIntent(t: TeamTools, intent: TeamIntent): Promise<void> {
  const { review } = intent;
  const permalinks = new Map<number, string>();
  for (const b of review.breaches) {
    const link = b.thread ? await t.permalinkAt(b.thread.channel, b.thread.ts) : undefined;
    if (link) permalinks.set(b.id, link);
  }
  const channel = await t.channel(intent.channel);
  await t.postOnce({ channel, ...buildWeeklyReviewMessage(review, { policy: t.policy, zone: intent.zone, schedule: intent.schedule, permalinks }) });
  await t.sent();
}
