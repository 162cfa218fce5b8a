import { isMap, isScalar, isSeq, type Document, type LineCounter } from "yaml";

/** Sections whose entries are lists of `- id: ...`, keyed by their id. */
const LISTS = ["severities", "tiers", "levels", "categories", "rules"] as const;
/** Sections whose entries are keyed maps. */
const MAPS = ["calendars", "roles"] as const;

/**
 * The `# NOTE:` comments of a policy file (what the file assumes beyond the playbook), by the entry
 * they belong to: written just above it or inside it. "severities/sev3", "categories/churn-risk",
 * "calendars/tier2-hours", "triggers". A note runs from "NOTE:" to the end of its comment block.
 */
export function policyNotes(text: string, doc: Document, lines: LineCounter): Record<string, string> {
  const src = text.split(/\r?\n/);
  const notes: Record<string, string> = {};
  const isComment = (i: number) => i >= 0 && i < src.length && /^\s*#/.test(src[i]!);
  const collect = (key: string, startOffset: number, endOffset: number) => {
    let first = lines.linePos(startOffset).line - 1; // 0-based
    while (isComment(first - 1)) first--;
    const last = lines.linePos(Math.max(startOffset, endOffset - 1)).line - 1;
    const found: string[] = [];
    for (let i = first; i <= last; i++) {
      const at = src[i]!.indexOf("NOTE:");
      if (!isComment(i) || at < 0) continue;
      const parts = [src[i]!.slice(at + 5).trim()];
      for (let j = i + 1; j <= last + 1 && isComment(j) && !src[j]!.includes("NOTE:"); j++) parts.push(src[j]!.replace(/^\s*#\s?/, "").trim());
      found.push(parts.join(" ").replace(/\s+/g, " ").trim());
    }
    if (found.length > 0) notes[key] = found.join(" ");
  };
  const root = doc.contents;
  if (!isMap(root)) return notes;
  for (const pair of root.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== "string") continue;
    const name = pair.key.value;
    const value = pair.value as { range?: [number, number, number] } | null;
    if ((LISTS as readonly string[]).includes(name) && isSeq(pair.value)) {
      for (const item of pair.value.items) {
        if (!isMap(item) || !item.range) continue;
        const id = item.get("id");
        if (typeof id === "string") collect(`${name}/${id}`, item.range[0], item.range[1]);
      }
    } else if ((MAPS as readonly string[]).includes(name) && isMap(pair.value)) {
      for (const entry of pair.value.items) {
        const v = entry.value as { range?: [number, number, number] } | null;
        if (isScalar(entry.key) && entry.key.range && v?.range) collect(`${name}/${String(entry.key.value)}`, entry.key.range[0], v.range[1]);
      }
    } else if (pair.key.range && value?.range) {
      collect(name, pair.key.range[0], value.range[1]);
    }
  }
  return notes;
}
