import type { Checkboxes, InputBlock } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { tierLabel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import { truncate } from "../../domain/text.js";
import { LIMITS, option } from "./block-kit.js";
import { userText } from "./slack-format.js";

/**
 * What an escalation's post and status say of its links ("Same issue as…"): a child names its
 * parent, a parent lists the customers of its children, a restricted child only as a count.
 */

/** One linked escalation as a post shows it: the row, and a link to its thread when Slack gave one. */
export interface LinkedPost {
  esc: EscalationRow;
  permalink?: string | undefined;
}

/** An escalation's links, as its post shows them. */
export interface LinkView {
  parent?: LinkedPost;
  children: LinkedPost[];
}

const idLink = (p: LinkedPost): string => (p.permalink ? `<${p.permalink}|${formatEscalationId(p.esc.id)}>` : formatEscalationId(p.esc.id));

/**
 * Whether a linked escalation's customer may be shown on `host`'s post: never a restricted one's,
 * unless its details live in the very channel the post is in.
 */
export const mayShowOn = (host: EscalationRow, other: EscalationRow): boolean =>
  !other.restricted || (host.restricted && other.messageChannelId !== null && other.messageChannelId === host.messageChannelId);

/** "Also affects: Beta Inc (Enterprise) · ESC-0045, … · 1 restricted escalation" on a parent; "Same issue as ESC-0041" on a child. */
export function linkLines(esc: EscalationRow, links: LinkView | undefined, policy: Policy): string[] {
  if (!links) return [];
  const lines: string[] = [];
  if (links.parent) lines.push(`:link: Same issue as ${idLink(links.parent)}: updates and the resolution of ${formatEscalationId(links.parent.esc.id)} are shared here.`);
  if (links.children.length > 0) {
    const shown = links.children.filter((c) => mayShowOn(esc, c.esc));
    const hidden = links.children.length - shown.length;
    const items = shown.map((c) => `${userText(truncate(c.esc.customer, 80))} (${tierLabel(policy, c.esc.tier)}) · ${idLink(c)}${c.esc.status === "resolved" ? " (resolved)" : ""}`);
    if (hidden > 0) items.push(`${hidden} restricted escalation${hidden === 1 ? "" : "s"}`);
    lines.push(truncate(`:link: *Also affects:* ${items.join(", ")}`, 1500));
  }
  return lines;
}

/** "Same issue as ESC-0041" / "Linked: ESC-0045 (Beta Inc), 1 restricted" for /escalate ESC-…. */
export function statusLinkLine(esc: EscalationRow, links: { parent?: EscalationRow; children: EscalationRow[] }, policy: Policy): string | undefined {
  return linkLines(esc, { ...(links.parent ? { parent: { esc: links.parent } } : {}), children: links.children.map((c) => ({ esc: c })) }, policy).join("\n") || undefined;
}

/**
 * The offer on the parent's Post update and Resolve forms: "Also post this update in the threads of
 * ESC-0045, ESC-0046". Only children the parent's words may go to (not an unrestricted child of a
 * restricted parent) and still open.
 */
export function childrenOffer(blockId: string, say: (ids: string) => string, children: readonly EscalationRow[]): InputBlock | undefined {
  if (children.length === 0) return undefined;
  const label = truncate(say(children.map((c) => formatEscalationId(c.id)).join(", ")), LIMITS.optionText);
  const element: Checkboxes = { type: "checkboxes", action_id: blockId, options: [option("yes", label)] };
  return { type: "input", block_id: blockId, optional: true, label: { type: "plain_text", text: "Linked escalations" }, element };
}

/** The children a parent's update or resolution may be shared with. */
export function shareableChildren(parent: EscalationRow, children: readonly EscalationRow[]): EscalationRow[] {
  return children.filter((c) => c.status !== "resolved" && (!parent.restricted || c.restricted));
}

