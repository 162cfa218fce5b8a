import { WebClient } from "@slack/web-api";
import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { InstallationRepo } from "../db/installation-repo.js";
import type { Clock } from "../domain/clock.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import type { Logger } from "../logger.js";
import { slackLogger } from "./slack-logger.js";
import type { Policy } from "../domain/playbook/model.js";
import { normalizeChannelName } from "./channel-directory.js";

/**
 * At start, before any request is taken: is this database the one this Slack installation wrote?
 * A database made for another workspace, or a new one while Slack still shows the bot's earlier
 * escalations (the file was lost), is said loudly in the log and on /healthz; the bot runs on, and
 * ids continue above the highest one Slack shows so an old message's buttons never reach a new
 * escalation with the same id.
 */
export type InstallationState =
  | { kind: "ok" }
  /** Slack could not be asked who the bot is; nothing was checked. */
  | { kind: "unchecked"; problem: string }
  | { kind: "other_installation"; problem: string }
  | { kind: "database_lost"; problem: string };

/** Where the highest escalation id was seen in Slack. */
export interface EarlierEscalation {
  id: number;
  channelName: string;
  postedAt: number;
}

export interface InstallationCheckDeps {
  client: WebClient;
  db: Db;
  policy: Policy;
  clock: Clock;
  logger: Logger;
}

/** Bounds on the look at Slack, so start-up stays quick in a big workspace. */
const MAX_LIST_PAGES = 10;
const MAX_CHANNELS = 20;
const MESSAGES_PER_CHANNEL = 100;

/** The bot's channel posts begin with the escalation's id (ESC-0042 Sev 1 — ...). */
const LEADING_ID = /^ESC-(\d+)\b/;

/** A Web API client for the start-up check: brief retries, since start-up waits for it. */
export function startupClient(token: string, slackApiUrl: string, logger: Logger): WebClient {
  return new WebClient(token, { slackApiUrl, logger: slackLogger(logger, "web-api"), retryConfig: { retries: 2, factor: 1.5, minTimeout: 200, maxTimeout: 1_000 } });
}

export async function checkInstallation(deps: InstallationCheckDeps): Promise<InstallationState> {
  try {
    return await check(deps);
  } catch (err) {
    // Never a reason not to start: the bot works, only this safeguard is missing.
    const reason = err instanceof Error ? err.message : String(err);
    const problem =
      `Could not check which Slack workspace this database belongs to (${reason}), so a lost or foreign database would go unnoticed. ` +
      "Restart the bot once Slack answers to check again.";
    deps.logger.warn({ problem }, "installation.unchecked");
    return { kind: "unchecked", problem };
  }
}

async function check({ client, db, policy, clock, logger }: InstallationCheckDeps): Promise<InstallationState> {
  const recorded = await db.transaction(async (tx) => {
    const row = await new InstallationRepo(tx).get();
    // The floor holds whatever Slack says today.
    if (row) await new EscalationRepo(tx).keepIdsAtOrAbove(row.escalationIdFloor);
    return row;
  });

  const auth = await client.auth.test();
  const slack = { teamId: auth.team_id ?? "", botUserId: auth.user_id ?? "", botId: auth.bot_id };
  if (recorded && (recorded.teamId !== slack.teamId || recorded.botUserId !== slack.botUserId)) {
    const problem =
      `This database belongs to another Slack installation: it was made for team ${recorded.teamId} (bot user ${recorded.botUserId}), ` +
      `but SLACK_BOT_TOKEN is for team ${slack.teamId} (bot user ${slack.botUserId}). Its escalations do not match the messages in this workspace. ` +
      "Point DATABASE_PATH at this workspace's database, or use the token of the workspace the database was made for.";
    logger.error(
      { database_team: recorded.teamId, database_bot: recorded.botUserId, slack_team: slack.teamId, slack_bot: slack.botUserId, problem },
      "installation.other_installation",
    );
    return { kind: "other_installation", problem };
  }
  const { installation, empty } = await db.transaction(async (tx) => ({
    installation: recorded ?? (await new InstallationRepo(tx).create({ teamId: slack.teamId, botUserId: slack.botUserId, createdAt: clock.now() })),
    empty: await new EscalationRepo(tx).isEmpty(),
  }));
  if (!empty) return { kind: "ok" };

  let earlier: EarlierEscalation | undefined;
  try {
    earlier = await highestEscalationInSlack(client, policy, slack);
  } catch (err) {
    // Most often a new installation missing a scope; not a reason to refuse work.
    logger.warn({ error: err instanceof Error ? err.message : String(err) }, "installation.slack_not_searched");
    return { kind: "ok" };
  }
  if (!earlier) return { kind: "ok" };

  const floor = Math.max(installation.escalationIdFloor, earlier.id + 1);
  await db.transaction(async (tx) => {
    await new InstallationRepo(tx).raiseEscalationIdFloor(floor);
    await new EscalationRepo(tx).keepIdsAtOrAbove(floor);
  });
  const problem =
    `The database looks new, but Slack shows ${formatEscalationId(earlier.id)} posted in #${earlier.channelName} on ${formatPostedAt(earlier.postedAt)}: ` +
    `was the database file lost? Restore it from backup; new escalations continue from ${formatEscalationId(floor)}.`;
  logger.error({ highest: formatEscalationId(earlier.id), next: formatEscalationId(floor), problem }, "installation.database_lost");
  return { kind: "database_lost", problem };
}

/**
 * The highest escalation id among the bot's own recent posts in the playbook's channels it is a
 * member of (it reads no others), or undefined when it finds none.
 */
export async function highestEscalationInSlack(
  client: WebClient,
  policy: Policy,
  bot: { botUserId: string; botId?: string | undefined },
): Promise<EarlierEscalation | undefined> {
  const wanted = new Set([...policy.levels.flatMap((l) => l.channels), ...policy.categories.flatMap((c) => c.channels)].map((ref) => ref.trim()));
  const wantedNames = new Set([...wanted].map(normalizeChannelName));
  const channels: { id: string; name: string }[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const res = await client.conversations.list({ types: "public_channel,private_channel", exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) });
    for (const c of res.channels ?? []) {
      if (c.id && c.name && c.is_member && (wanted.has(c.id) || wantedNames.has(c.name.toLowerCase()))) channels.push({ id: c.id, name: c.name });
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }

  // One page of recent messages per channel, all asked at once: start-up waits for the answers.
  const pages = await Promise.all(
    channels.slice(0, MAX_CHANNELS).map(async (channel) => ({ channel, res: await client.conversations.history({ channel: channel.id, limit: MESSAGES_PER_CHANNEL }) })),
  );
  let highest: EarlierEscalation | undefined;
  for (const { channel, res } of pages) {
    for (const m of res.messages ?? []) {
      // Only the bot's own posts: a person may type any id.
      if (m.user !== bot.botUserId && (bot.botId === undefined || m.bot_id !== bot.botId)) continue;
      const id = Number(LEADING_ID.exec(m.text ?? "")?.[1]);
      if (!Number.isSafeInteger(id) || id < 1 || (highest && id <= highest.id)) continue;
      highest = { id, channelName: channel.name, postedAt: Math.round(Number(m.ts) * 1000) };
    }
  }
  return highest;
}

/** "2026-01-15 16:00 UTC": read by an operator, possibly in another zone than the bot's. */
function formatPostedAt(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
