import type { KnownBlock } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { formatElapsed } from "../../domain/duration.js";
import { ACTION } from "../ids.js";
import { mention } from "./slack-format.js";

/** The block id of the line a spent Acknowledge button leaves on a DM or handoff post. */
const ACK_NOTE_BLOCK = "acknowledged_note";

/**
 * A message other than the escalation's post (a manager's DM, a handoff post) once its Acknowledge
 * button is spent: the button goes and a line says who acknowledged (or resolved) the escalation;
 * the rest stays as it was sent. Undefined when it has no Acknowledge button or nobody has it yet.
 */
export function withAcknowledgement(blocks: readonly KnownBlock[], esc: EscalationRow): KnownBlock[] | undefined {
  const note =
    esc.status === "resolved" && esc.resolvedBy && esc.resolvedAt !== null
      ? `:white_check_mark: *Resolved* by ${mention(esc.resolvedBy)} after ${formatElapsed(esc.resolvedAt - esc.createdAt)}`
      : esc.acknowledgedBy && esc.acknowledgedAt !== null
        ? `:eyes: *Acknowledged* by ${mention(esc.acknowledgedBy)} after ${formatElapsed(esc.acknowledgedAt - esc.createdAt)}`
        : undefined;
  if (note === undefined) return undefined;
  let spent = false;
  const kept = blocks.flatMap((b): KnownBlock[] => {
    if (b.type !== "actions" || !Array.isArray(b.elements)) return [b];
    const elements = b.elements.filter((e) => !("action_id" in e && e.action_id === ACTION.acknowledge));
    spent ||= elements.length < b.elements.length;
    return elements.length > 0 ? [{ ...b, elements }] : [];
  });
  // No Acknowledge button on it (or its blocks were not sent): nothing to change.
  if (!spent) return undefined;
  return [...kept, { type: "context", block_id: ACK_NOTE_BLOCK, elements: [{ type: "mrkdwn", text: note }] }];
}
