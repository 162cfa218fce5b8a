import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../db/schema.js";
import type { Logger } from "../logger.js";

/**
 * Links to escalations' posts built from the workspace URL (auth.test, asked once, again after a
 * failure) instead of a chat.getPermalink call per post: lists of many escalations (/escalate list,
 * the App Home) link each one for one call. Undefined for an escalation not posted yet.
 */
export function permalinkBuilder(client: WebClient, logger: Logger): (esc: EscalationRow) => Promise<string | undefined> {
  let workspaceUrl: Promise<string | undefined> | undefined;
  return async (esc) => {
    if (!esc.messageChannelId || !esc.messageTs) return undefined;
    workspaceUrl ??= client.auth.test().then(
      (r) => r.url,
      (err: unknown) => {
        logger.warn({ err }, "auth.test_for_links_failed");
        workspaceUrl = undefined;
        return undefined;
      },
    );
    const base = await workspaceUrl;
    return base ? `${base.replace(/\/?$/, "/")}archives/${esc.messageChannelId}/p${esc.messageTs.replace(".", "")}` : undefined;
  };
}
