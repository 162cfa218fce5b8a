import type { App, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import { classify } from "../../domain/classify.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent, type Logger } from "../../logger.js";
import { parseCommandText } from "../command-text.js";
import { COMMAND } from "../ids.js";
import { buildHelp, buildOpenList, buildStatus } from "../views/command-replies.js";
import { buildEscalationModal } from "../views/escalation-modal.js";
import type { SlackMessage } from "../views/escalation-message.js";
import { replyEphemeral, SOMETHING_WENT_WRONG, type ListenerDeps } from "./deps.js";
import { exportToThread } from "./export.js";
import { openReopenForm } from "./reopen.js";

const LIST_LIMIT = 20;
const STATUS_EVENTS = 12;

/** Message links built from the workspace URL (auth.test, asked once) instead of a call per message. */
function permalinkBuilder(client: WebClient, logger: Logger) {
  let workspaceUrl: Promise<string | undefined> | undefined;
  return async (esc: EscalationRow): Promise<string | undefined> => {
    if (!esc.messageChannelId || !esc.messageTs) return undefined;
    workspaceUrl ??= client.auth.test().then(
      (r) => r.url,
      (err: unknown) => {
        logger.warn({ error: err instanceof Error ? err.message : String(err) }, "auth.test_for_links_failed");
        workspaceUrl = undefined;
        return undefined;
      },
    );
    const base = await workspaceUrl;
    return base ? `${base.replace(/\/?$/, "/")}archives/${esc.messageChannelId}/p${esc.messageTs.replace(".", "")}` : undefined;
  };
}

const reply = (respond: RespondFn, message: SlackMessage) => respond({ response_type: "ephemeral", replace_original: false, ...message });

/**
 * `/escalate [summary]` opens the form (views.open right after the ack, while the trigger id is
 * valid); `/escalate list`, `/escalate ESC-0042` and `/escalate help` answer privately.
 */
export function registerEscalateCommand(app: App, deps: ListenerDeps): void {
  const { logger, policy, escalations, clock } = deps;
  let permalink: ReturnType<typeof permalinkBuilder> | undefined;
  app.command(COMMAND, async ({ ack, body, client, respond }) => {
    await ack();
    permalink ??= permalinkBuilder(client, logger);
    const request = parseCommandText(body.text);
    const log = (outcome: string, extra: Record<string, string | number> = {}) =>
      logEvent(logger, "command.escalate", { user: body.user_id, channel: body.channel_id, request: request.kind, outcome, ...extra });
    try {
      switch (request.kind) {
        case "help":
          await reply(respond, buildHelp(policy));
          return log("answered");
        case "list": {
          const list = await escalations.listOpen(LIST_LIMIT);
          const links = new Map<number, string>();
          for (const esc of list.rows) {
            const url = await permalink(esc);
            if (url) links.set(esc.id, url);
          }
          await reply(respond, buildOpenList(list, { policy, now: clock.now(), permalinks: links }));
          return log("answered", { open: list.total });
        }
        case "status": {
          const found = await escalations.status(request.id, STATUS_EVENTS);
          if (!found) {
            await reply(respond, { text: `There is no ${formatEscalationId(request.id)}.`, blocks: [] });
            return log("not_found", { escalation: formatEscalationId(request.id) });
          }
          await reply(respond, buildStatus(found, { policy, now: clock.now(), permalink: await permalink(found.escalation) }));
          return log("answered", { escalation: formatEscalationId(request.id) });
        }
        case "reopen":
          await openReopenForm(deps, client, { id: request.id, userId: body.user_id, channelId: body.channel_id, triggerId: body.trigger_id });
          return log("answered", { escalation: formatEscalationId(request.id) });
        case "bad_reopen":
          await reply(respond, { text: `\`/escalate reopen\` needs the escalation's id, e.g. \`/escalate reopen ESC-0042\`.`, blocks: [] });
          return log("bad_request");
        case "export": {
          // The file goes to the escalation's thread; the person is told here, privately.
          const said = await exportToThread(deps, client, { id: request.id, userId: body.user_id, format: request.format });
          await reply(respond, { text: said, blocks: [] });
          return log("answered", { escalation: formatEscalationId(request.id) });
        }
        case "bad_export":
          await reply(respond, { text: "`/escalate export` needs the escalation's id, e.g. `/escalate export ESC-0042` (add `json` for JSON instead of Markdown).", blocks: [] });
          return log("bad_request");
        case "open": {
          // Pure and fast (no I/O), so the modal still opens well within the trigger's 3 seconds.
          const suggestion = request.summary ? classify({ text: request.summary }, policy) : undefined;
          await client.views.open({
            trigger_id: body.trigger_id,
            view: buildEscalationModal({ policy, summary: request.summary, channelId: body.channel_id, ...(suggestion ? { suggestion } : {}) }),
          });
          return log("modal_opened");
        }
      }
    } catch (err) {
      log("failed", { error: err instanceof Error ? err.message : String(err) });
      await replyEphemeral(client, logger, { channel: body.channel_id, user: body.user_id }, SOMETHING_WENT_WRONG);
    }
  });
}
