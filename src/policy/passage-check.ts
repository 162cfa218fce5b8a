import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Passage, PolicyFile } from "../domain/playbook/model.js";

type Path = (string | number)[];

/** Lower case, one space, no Markdown emphasis or table bars, straight quotes: how a quote is compared. */
const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\*\*|__|`|\|/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The playbook's sections: every heading with the text under it, its subsections included. */
export function playbookSections(markdown: string): { title: string; text: string }[] {
  const lines = markdown.split(/\r?\n/);
  const heads: { at: number; depth: number; title: string }[] = [];
  let fenced = false;
  lines.forEach((line, at) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) heads.push({ at, depth: m[1]!.length, title: m[2]! });
  });
  return heads.map((h, i) => {
    const end = heads.slice(i + 1).find((x) => x.depth <= h.depth)?.at ?? lines.length;
    return { title: h.title, text: lines.slice(h.at + 1, end).join("\n") };
  });
}

/** Every passage the file gives, with where it is written. */
function passagesOf(p: PolicyFile): { path: Path; passage: Passage }[] {
  const out: { path: Path; passage: Passage }[] = [];
  const add = (path: Path, passage: Passage | undefined) => passage && out.push({ path: [...path, "passage"], passage });
  p.severities.forEach((s, i) => {
    add(["severities", i], s.passage);
    s.definitions.forEach((d, j) => add(["severities", i, "definitions", j], d.passage));
  });
  p.tiers.forEach((t, i) => add(["tiers", i], t.passage));
  p.levels.forEach((l, i) => add(["levels", i], l.passage));
  p.categories.forEach((c, i) => add(["categories", i], c.passage));
  p.rules.forEach((r, i) => add(["rules", i], r.passage));
  if (p.triggers.customerRequestPassage) out.push({ path: ["triggers", "customerRequestPassage"], passage: p.triggers.customerRequestPassage });
  return out;
}

/**
 * When the file names its playbook (`source:`), every passage's quote must be in the section it names.
 * Problems name the field and the fix; a missing playbook file is a problem only when it is declared.
 */
export function checkPassages(p: PolicyFile, file: string, shippedDir: string): { path: Path; message: string }[] {
  if (p.source === undefined) return [];
  // Relative to the file, else to the bot's own policies/ (a copy of a shipped playbook edited elsewhere).
  const tried = [...new Set([resolve(dirname(file), p.source), resolve(shippedDir, p.source)])];
  let markdown: string | undefined;
  let reason = "file not found";
  for (const candidate of tried) {
    try {
      markdown = readFileSync(candidate, "utf8");
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") reason = (err as Error).message;
    }
  }
  if (markdown === undefined) {
    return [{ path: ["source"], message: `cannot read the playbook text '${p.source}' (looked at ${tried.join(", ")}): ${reason}; write its path relative to this file, or remove source: (then passages are not checked)` }];
  }
  const sections = playbookSections(markdown);
  const problems: { path: Path; message: string }[] = [];
  for (const { path, passage } of passagesOf(p)) {
    const matching = sections.filter((s) => norm(s.title) === norm(passage.section));
    if (matching.length === 0) {
      const near = sections.filter((s) => norm(s.title).includes(norm(passage.section).split(" ")[0] ?? "")).map((s) => s.title).slice(0, 5);
      problems.push({ path: [...path, "section"], message: `no section '${passage.section}' in ${p.source}; use a heading of the playbook${near.length ? ` (e.g. ${near.map((t) => `'${t}'`).join(", ")})` : ""}` });
      continue;
    }
    if (!matching.some((s) => norm(s.text).includes(norm(passage.quote)))) {
      // The innermost section that has the words (its parents have them too).
      const elsewhere = sections.filter((s) => norm(s.text).includes(norm(passage.quote))).sort((a, b) => a.text.length - b.text.length).map((s) => s.title);
      problems.push({
        path: [...path, "quote"],
        message: `'${passage.quote}' is not in section '${passage.section}' of ${p.source}; quote the playbook's words exactly${elsewhere.length ? ` (it is under '${elsewhere[0]}')` : ""}`,
      });
    }
  }
  return problems;
}
