import { parseEscalationId } from "../domain/escalation-id.js";

export type CommandRequest =
  | { kind: "help" }
  | { kind: "list" }
  | { kind: "status"; id: number }
  /** Anything else opens the form, the text becoming the summary. */
  | { kind: "open"; summary: string };

/** `/escalate help`, `/escalate list`, `/escalate ESC-0042`, or `/escalate <summary>`. */
export function parseCommandText(text: string): CommandRequest {
  const t = text.trim();
  const word = t.toLowerCase();
  if (word === "help" || word === "?") return { kind: "help" };
  if (word === "list" || word === "open") return { kind: "list" };
  const id = parseEscalationId(t);
  if (id !== undefined) return { kind: "status", id };
  return { kind: "open", summary: t };
}
