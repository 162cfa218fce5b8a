import { readFileSync } from "node:fs";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { CiteLines, PlaybookLine, PlaybookRef } from "../domain/simulate.js";
import type { Policy } from "../domain/playbook/model.js";
import { loadPolicyFile, parsePolicy } from "./loader.js";

/** An entry longer than this shows its first lines and says how many more there are. */
const MAX_LINES = 30;

/**
 * The playbook entries named by YAML paths, as they are written in `text` (the file `file`): their
 * first and last line, their text, and the comment lines just above them (where the policies keep
 * their `# NOTE:`s and the playbook's own words). An entry the file does not have (an implicit
 * default) is left out.
 */
export function playbookLines(text: string, file: string): CiteLines {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lines = text.split(/\r?\n/);
  return (refs: readonly PlaybookRef[]) =>
    refs.flatMap((ref): PlaybookLine[] => {
      const node = doc.getIn(ref.path, true) as { range?: [number, number, number] } | undefined;
      if (!node?.range) return [];
      // A mapping's entry starts at its key (tier2-hours:), not at its value's first line.
      const key = keyOf(doc.getIn(ref.path.slice(0, -1), true), ref.path.at(-1));
      const start = lineCounter.linePos(key?.range?.[0] ?? node.range[0]).line;
      // The value ends before its own line break; trailing blank lines are not part of it.
      let end = Math.max(start, lineCounter.linePos(Math.max(node.range[0], node.range[1] - 1)).line);
      while (end > start && lines[end - 1]!.trim() === "") end--;
      // A key's scalar value starts on the key's line; a sequence item's mapping starts after "- ".
      const shown = lines.slice(start - 1, end);
      const text = shown.length > MAX_LINES ? [...shown.slice(0, MAX_LINES), `… (${shown.length - MAX_LINES} more lines)`].join("\n") : shown.join("\n");
      const comments: string[] = [];
      for (let i = start - 2; i >= 0 && /^\s*#/.test(lines[i]!); i--) comments.unshift(lines[i]!.trim());
      return [{ what: ref.what, file, line: start, endLine: end, text, comments }];
    });
}

function keyOf(parent: unknown, last: string | number | undefined): { range?: [number, number, number] | null | undefined } | undefined {
  if (typeof last !== "string" || !isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
  return isScalar(pair?.key) ? pair.key : undefined;
}

/** The playbook and a way to cite its lines, from one reading of the file (so the lines are the policy's). */
export function loadPolicyWithLines(file: string): { policy: Policy; cite: CiteLines } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // Unreadable: loadPolicyFile says why, as everywhere else (file not found, check POLICY_FILE).
    return { policy: loadPolicyFile(file), cite: () => [] };
  }
  return { policy: parsePolicy(text, file), cite: playbookLines(text, file) };
}
