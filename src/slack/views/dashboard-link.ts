import type { ModalView } from "@slack/types";
import { VIEWER_LINK_TTL_MS } from "../../dashboard/viewer-link.js";
import { ACTION, CALLBACK, DASHBOARD_LINK_BLOCK } from "../ids.js";
import { mrkdwnSection } from "./block-kit.js";
import { slackDate } from "./slack-format.js";

/**
 * The modal App Home's Dashboard button opens: one person's own link to the dashboard, made at the
 * click (a link made when the Home was published would go stale while the tab stays open). The
 * link names the person, so the text says it is theirs alone and for how long it works.
 */

const TTL_MINUTES = Math.round(VIEWER_LINK_TTL_MS / 60_000);

function modal(blocks: ModalView["blocks"]): ModalView {
  return {
    type: "modal",
    callback_id: CALLBACK.dashboardLink,
    title: { type: "plain_text", text: "Dashboard" },
    close: { type: "plain_text", text: "Close" },
    blocks,
  };
}

/** "Open the dashboard" as a link button, and what the link is. */
export function buildDashboardLinkModal(link: { url: string; expiresAt: number }): ModalView {
  return modal([
    mrkdwnSection(
      `Open escalations, volume, response times and SLA compliance, as charts and tables.\n` +
        `This link works for ${TTL_MINUTES} minutes (until ${slackDate(link.expiresAt, "{time}")}) and only for you: ` +
        `it opens the dashboard as you, with what you may see. Do not pass it on; ` +
        `for a new one, press *Dashboard* on the app's Home again.`,
    ),
    {
      type: "actions",
      block_id: DASHBOARD_LINK_BLOCK,
      elements: [{ type: "button", action_id: ACTION.openDashboard, text: { type: "plain_text", text: "Open the dashboard" }, url: link.url, style: "primary" }],
    },
  ]);
}

/** The button was on a Home published while the bot knew the dashboard's address, and it no longer does. */
export function buildDashboardUnavailableModal(): ModalView {
  return modal([
    mrkdwnSection(
      "The dashboard is not available: this bot does not know the address people reach it at. " +
        "Ask your Slack admin to set `PUBLIC_URL` (see Configuration in the bot's README).",
    ),
  ]);
}
