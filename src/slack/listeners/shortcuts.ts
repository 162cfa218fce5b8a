import type { App } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { logEvent, type Logger } from "../../logger.js";
import { SHORTCUT } from "../ids.js";
import { isMessageLink, prefillFromMessage } from "../source-message.js";
import { buildEscalationModal } from "../views/escalation-modal.js";
import { replyEphemeral, SOMETHING_WENT_WRONG, type ListenerDeps } from "./deps.js";

/**
 * The app's shortcuts (slack-manifest.yml) open the escalation form, as `/escalate` does: "Open an
 * escalation" (global) an empty one; "Escalate this message" (a message's "More actions") one filled
 * from that message: its first sentence as the summary, its whole text as the customer impact, its
 * channel as where the reporter is, and its permalink carried in the form to the escalation, whose
 * post links back to it. Ack first, then views.open while the trigger id is valid (3 s). A payload
 * that cannot be read is logged and ignored.
 */

const zUser = z.object({ id: z.string().min(1) });
const zGlobalShortcut = z.object({ trigger_id: z.string().min(1), user: zUser });
const zMessageShortcut = z.object({
  trigger_id: z.string().min(1),
  user: zUser,
  channel: z.object({ id: z.string().min(1) }),
  message_ts: z.string().min(1),
  message: z.object({ text: z.string().optional() }),
});

/** How long the permalink may take: the trigger id is valid 3 s, and the form matters more than the link. */
const PERMALINK_WAIT_MS = 1_000;

export function registerShortcuts(app: App, { logger, policy }: ListenerDeps): void {
  app.shortcut(SHORTCUT.openEscalation, async ({ ack, body, client }) => {
    await ack();
    const parsed = zGlobalShortcut.safeParse(body);
    if (!parsed.success) return logEvent(logger, "shortcut.open_escalation", { outcome: "bad_payload" });
    const { trigger_id: trigger, user } = parsed.data;
    await openForm(client, logger, { name: "shortcut.open_escalation", user: user.id, trigger }, buildEscalationModal({ policy }));
  });

  app.shortcut(SHORTCUT.escalateMessage, async ({ ack, body, client }) => {
    await ack();
    const parsed = zMessageShortcut.safeParse(body);
    if (!parsed.success) return logEvent(logger, "shortcut.escalate_message", { outcome: "bad_payload" });
    const { trigger_id: trigger, user, channel, message_ts: ts, message } = parsed.data;
    const { summary, details } = prefillFromMessage(message.text ?? "");
    const link = await permalink(client, logger, channel.id, ts);
    // No suggestion from the playbook here (unlike /escalate with text): the classifier's first runs
    // in a process take about a second, which the permalink already shares the trigger's 3 s with.
    // The playbook still decides from all of it on submit.
    const view = buildEscalationModal({
      policy,
      channelId: channel.id,
      ...(summary ? { summary } : {}),
      ...(details ? { details } : {}),
      ...(link ? { sourceMessageUrl: link } : {}),
    });
    await openForm(client, logger, { name: "shortcut.escalate_message", user: user.id, channel: channel.id, trigger, linked: link !== undefined }, view);
  });
}

/** The message's permalink, or undefined when Slack does not give one in time (the form opens without it). */
async function permalink(client: WebClient, logger: Logger, channel: string, ts: string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const asked = client.chat.getPermalink({ channel, message_ts: ts }).then(
    (r) => (typeof r.permalink === "string" && isMessageLink(r.permalink) ? r.permalink : undefined),
    (err: unknown) => {
      logger.warn({ channel, permalink_failed: err instanceof Error ? err.message : String(err) }, "shortcut.escalate_message");
      return undefined;
    },
  );
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ channel, permalink_failed: `no answer within ${PERMALINK_WAIT_MS} ms` }, "shortcut.escalate_message");
      resolve(undefined);
    }, PERMALINK_WAIT_MS);
  });
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the form with the trigger id; a failure is logged and said to the person (the App Home's New escalation uses it too). */
export async function openForm(
  client: WebClient,
  logger: Logger,
  at: { name: string; user: string; channel?: string; trigger: string; linked?: boolean },
  view: ModalView,
): Promise<void> {
  const fields = { user: at.user, ...(at.channel ? { channel: at.channel } : {}), ...(at.linked !== undefined ? { linked: at.linked ? "yes" : "no" } : {}) };
  try {
    await client.views.open({ trigger_id: at.trigger, view });
    logEvent(logger, at.name, { ...fields, outcome: "modal_opened" });
  } catch (err) {
    logEvent(logger, at.name, { ...fields, outcome: "failed", error: err instanceof Error ? err.message : String(err) });
    // Where the message was (a message shortcut), else by DM (a global shortcut has no channel).
    await replyEphemeral(client, logger, { channel: at.channel, user: at.user }, SOMETHING_WENT_WRONG);
  }
}
