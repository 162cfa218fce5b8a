import type { App } from "@slack/bolt";
import { z } from "zod";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import type { ListenerDeps } from "./deps.js";

/**
 * A person's reply in an escalation's thread (Events API `message`, in the channels the bot is in)
 * counts as a progress update when the playbook says so. Every channel message arrives here and is
 * answered at once (Bolt acks events before listeners run); only a person's plain reply in a thread
 * costs a query. Bots (the app itself included), edits, deletions and joins carry a subtype or a
 * bot id and are left alone.
 */
const zThreadReply = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  ts: z.string().min(1),
  thread_ts: z.string().min(1),
});

export function registerThreadReplies(app: App, deps: ListenerDeps): void {
  const { logger, life } = deps;
  app.event("message", async ({ event, client }) => {
    const raw = event as unknown as Record<string, unknown>;
    if (raw.subtype !== undefined || raw.bot_id !== undefined) return;
    const parsed = zThreadReply.safeParse(raw);
    // Top-level messages (no thread, or the thread's own first message) are not replies.
    if (!parsed.success || parsed.data.thread_ts === parsed.data.ts) return;
    const reply = parsed.data;
    try {
      const esc = await life.threadReplies.findByPost(reply.channel, reply.thread_ts);
      if (!esc) return;
      const actor = await deps.actors.of(client, reply.user, esc);
      const result = await life.threadReplies.reply(esc.id, actor, reply.ts);
      logEvent(logger, "escalation.thread_reply", { escalation: formatEscalationId(esc.id), user: reply.user, outcome: result.kind === "counted" ? "counted" : `ignored_${result.why}` });
    } catch (err) {
      // Nothing is lost: the reply is in Slack; only the update clock did not move.
      logger.error({ channel: reply.channel, outcome: "error", err }, "escalation.thread_reply");
    }
  });
}
