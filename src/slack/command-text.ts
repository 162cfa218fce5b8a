import { parseEscalationId } from "../domain/escalation-id.js";

export type CommandRequest =
  | { kind: "help" }
  | { kind: "list" }
  | { kind: "status"; id: number }
  /** `/escalate reopen ESC-0042`: the Reopen form, or why it cannot be reopened. */
  | { kind: "reopen"; id: number }
  /** `/escalate reopen` with something that names no escalation. */
  | { kind: "bad_reopen"; text: string }
  /** `/escalate export ESC-0042 [md|json]`: the package as a file in the escalation's thread. */
  | { kind: "export"; id: number; format: "md" | "json" }
  /** `/escalate export` with something that names no escalation (or no format we make). */
  | { kind: "bad_export"; text: string }
  /** Anything else opens the form, the text becoming the summary. */
  | { kind: "open"; summary: string };

/**
 * `/escalate help`, `/escalate list`, `/escalate ESC-0042` (also `esc-42`, `#42` or `42`),
 * `/escalate reopen ESC-0042`, `/escalate export ESC-0042 [md|json]`, or `/escalate <summary>`.
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
  // Only "export" naming an escalation (or nothing): "Export to CSV fails for Acme" is a summary.
  const exported = /^export\b\s*(.*)$/i.exec(t);
  if (exported) {
    const words = exported[1]!.trim().split(/\s+/).filter(Boolean);
    const id = words[0] === undefined ? undefined : escalationRef(words[0]);
    const format = (words[1] ?? "md").toLowerCase();
    if (words.length === 0) return { kind: "bad_export", text: "" };
    if (id !== undefined && words.length <= 2) return format === "md" || format === "json" ? { kind: "export", id, format } : { kind: "bad_export", text: exported[1]! };
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
