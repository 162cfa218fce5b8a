import { parseEscalationId } from "../domain/escalation-id.js";

export type CommandRequest =
  | { kind: "help" }
  | { kind: "list" }
  | { kind: "status"; id: number }
  /** `/escalate reopen ESC-0042`: the Reopen form, or why it cannot be reopened. */
  | { kind: "reopen"; id: number }
  /** `/escalate reopen` with something that names no escalation. */
  | { kind: "bad_reopen"; text: string }
  /** Anything else opens the form, the text becoming the summary. */
  | { kind: "open"; summary: string };

/**
 * `/escalate help`, `/escalate list`, `/escalate ESC-0042` (also `esc-42`, `#42` or `42`),
 * `/escalate reopen ESC-0042`, or `/escalate <summary>`.
 */
export function parseCommandText(text: string): CommandRequest {
  const t = text.trim();
  const word = t.toLowerCase();
  if (word === "help" || word === "?") return { kind: "help" };
  if (word === "list" || word === "open") return { kind: "list" };
  const reopen = /^reopen\b\s*(.*)$/i.exec(t);
  if (reopen) {
    const id = escalationRef(reopen[1]!);
    return id !== undefined ? { kind: "reopen", id } : { kind: "bad_reopen", text: reopen[1]! };
  }
  const id = escalationRef(t);
  if (id !== undefined) return { kind: "status", id };
  return { kind: "open", summary: t };
}

/** An escalation named as ESC-0042, esc-42, #42 or a bare 42. */
function escalationRef(text: string): number | undefined {
  const t = text.trim();
  const bare = /^#?(\d{1,9})$/.exec(t);
  if (bare) return Number(bare[1]) > 0 ? Number(bare[1]) : undefined;
  return parseEscalationId(t);
}
