import type { CategorySpec, Policy, RuleSpec } from "./playbook/model.js";
import { findMention } from "./phrase-match.js";
import { category, categoryLabel, findCategory, findSeverity, findTier, moreSevere, severityLabel, severityRank } from "./playbook/lookup.js";
import { readingMeets, readScopeAndImpact, type Reading } from "./reading.js";
import { passageReason, withPassage } from "./passage.js";
import { amountNear } from "./text-amount.js";
import { readTypos, vocabulary } from "./typos.js";

export type FieldValue = number | string | boolean;

export interface ClassifyInput {
  /** Everything the agent wrote: summary, impact, error messages... */
  text: string;
  /** Customer tier (id, label or alias); the playbook's default when absent. */
  tier?: string;
  /** The agent's explicit severity choice, if any: it wins over the suggestion. */
  severity?: string;
  /** The agent's explicit category choice, if any: it becomes the primary category. */
  category?: string;
  /** Values of the playbook's extra fields (refund amount, ARR, ...). */
  fields?: Record<string, FieldValue | undefined>;
  /** The customer asked for escalation: the escalation starts one level higher. */
  customerRequested?: boolean;
}

/** What rules add on top of the categories and level: routing and notification extras. */
export interface RuleEffects {
  level?: string;
  channels: string[];
  notify: string[];
  cc: string[];
  flags: string[];
  alsoNotifyLevels: string[];
  /** A rule read in the text that the customer asked for escalation. */
  customerRequested?: true;
}

/** A category the text speaks of, with the words that said so. */
export interface CategoryMatch {
  category: string;
  phrase: string;
  /** As the agent wrote it ("invoices" for the phrase "invoice"). */
  found: string;
}

export interface Classification {
  severity: string;
  suggestedSeverity: string;
  chosenSeverity?: string;
  /** The primary category: it owns the escalation (level, targets). */
  category: string;
  suggestedCategory: string;
  chosenCategory?: string;
  /** Every other category that applies: each adds its channels, people, levels and flags. */
  alsoCategories: string[];
  /** Every category the text matched, in the playbook's order. */
  matches: CategoryMatch[];
  tier: string;
  customerRequested: boolean;
  /** Who is affected and how badly, as read from the text and the form. */
  reading: Reading;
  /** The severity definition line that set the suggested severity, if one did ("severities[1].definitions[0]"). */
  definition?: { severity: string; index: number };
  /** Ids of the rules that applied (to the final severity and category). */
  rules: string[];
  effects: RuleEffects;
  /** Why, in words a support lead can check against the playbook. */
  reasons: string[];
}

interface RuleState {
  tier: string;
  severity: string;
  /** The form's box, or an earlier rule that read the request in the text. */
  customerRequested: boolean;
  /** The primary category and every other one that applies. */
  categories: readonly string[];
}

function ruleApplies(rule: RuleSpec, text: string, state: RuleState, fields: ClassifyInput["fields"], reading: Reading): boolean {
  const w = rule.when;
  if (!readingMeets(reading, w)) return false;
  if (w.text && !findMention(text, w.text, w.unless)) return false;
  if (w.tier && !w.tier.includes(state.tier)) return false;
  if (w.severity && !w.severity.includes(state.severity)) return false;
  if (w.category && !w.category.some((c) => state.categories.includes(c))) return false;
  if (w.unlessCategory && w.unlessCategory.some((c) => state.categories.includes(c))) return false;
  if (w.customerRequested && !state.customerRequested) return false;
  if (w.field !== undefined) {
    const v = fields?.[w.field];
    if (w.above !== undefined && !(typeof v === "number" && v > w.above)) return false;
    if (w.atLeast !== undefined && !(typeof v === "number" && v >= w.atLeast)) return false;
    if (w.checked !== undefined && (v === true) !== w.checked) return false;
    if (w.above === undefined && w.atLeast === undefined && w.checked === undefined && (v === undefined || v === "" || v === false)) return false;
  }
  return true;
}

/** How severe a category is on its own: its minimum, else its starting severity, else the playbook's default. */
function categoryRank(policy: Policy, c: CategorySpec): number {
  return severityRank(policy, c.minSeverity ?? c.severity ?? policy.defaults.severity);
}

/** The primary among matched categories: the most severe, then the first in the playbook. */
function primaryOf(policy: Policy, matched: readonly CategorySpec[]): CategorySpec | undefined {
  let best: CategorySpec | undefined;
  for (const c of matched) if (!best || categoryRank(policy, c) < categoryRank(policy, best)) best = c;
  return best;
}

/** The first severity, most severe first, one of whose definition lines the reading meets. */
function definedSeverity(policy: Policy, reading: Reading, tierId: string): { severity: string; index: number } | undefined {
  for (const s of policy.severities) {
    const index = s.definitions.findIndex((d) => (!d.tier || d.tier.includes(tierId)) && readingMeets(reading, d));
    if (index >= 0) return { severity: s.id, index };
  }
  return undefined;
}

interface Evaluation {
  severity: string;
  category: string;
  alsoCategories: string[];
  rules: string[];
  effects: RuleEffects;
  reasons: string[];
  definition?: { severity: string; index: number } | undefined;
}

/**
 * One pass of the playbook: categories, severity, then rules in playbook order, each seeing the
 * state the earlier ones left. `fixed` holds the agent's choices, which no phrase or rule overrides.
 */
function evaluate(input: ClassifyInput, policy: Policy, tierId: string, matches: readonly CategoryMatch[], fixed: { severity?: string; category?: string }, reading: Reading): Evaluation {
  const reasons: string[] = [];
  const text = input.text;
  const matched = matches.map((m) => category(policy, m.category));
  const primary = fixed.category !== undefined ? category(policy, fixed.category) : primaryOf(policy, matched);
  let cat = primary?.id ?? policy.defaults.category;
  const also = new Set(matched.map((c) => c.id).filter((id) => id !== cat));
  if (fixed.category === undefined && also.size > 0 && primary) {
    reasons.push(`primary: ${primary.label} (the most severe match); also ${[...also].map((id) => categoryLabel(policy, id)).join(", ")}`);
  }

  // Severity: the primary category's starting severity (else the playbook's default), raised by
  // severity phrases and by every applying category's minimum.
  let sev = primary?.severity ?? policy.defaults.severity;
  const defined = definedSeverity(policy, reading, tierId);
  if (defined && fixed.severity === undefined) {
    const s = policy.severities.find((x) => x.id === defined.severity)!;
    sev = defined.severity;
    reasons.push(withPassage(`${s.label} by the playbook's definition (read: ${reading.evidence.join(", ")})`, s.definitions[defined.index]!.passage));
  } else if (primary?.severity && fixed.severity === undefined) reasons.push(`${primary.label}: starts at ${severityLabel(policy, primary.severity)}`);
  const raiseTo = (min: string | undefined, why: string) => {
    if (fixed.severity !== undefined) return;
    if (min && moreSevere(policy, min, sev) === min && min !== sev) {
      sev = min;
      reasons.push(`${why}: minimum ${severityLabel(policy, min)}`);
    }
  };
  for (const s of policy.severities) {
    const m = fixed.severity === undefined ? findMention(text, s.match, s.unless) : undefined;
    if (m && severityRank(policy, s.id) < severityRank(policy, sev)) {
      sev = s.id;
      reasons.push(`matched '${m.found}' → ${s.label}`);
      break;
    }
  }
  for (const id of [cat, ...also]) raiseTo(category(policy, id).minSeverity, categoryLabel(policy, id));
  if (fixed.severity !== undefined) sev = fixed.severity;

  // A rule's `addCategory` applies as a matched category would: the primary only when it is more
  // severe than the primary so far, or when nothing matched (the default stands in); else another one.
  const addCategory = (id: string) => {
    const added = category(policy, id);
    const unmatchedDefault = fixed.category === undefined && cat === policy.defaults.category && !matched.some((c) => c.id === cat);
    if (fixed.category === undefined && (unmatchedDefault || categoryRank(policy, added) < categoryRank(policy, category(policy, cat)))) {
      if (!unmatchedDefault) also.add(cat);
      cat = id;
      reasons.push(`→ ${added.label}`);
    } else {
      also.add(id);
      reasons.push(`${added.label} also applies`);
    }
    raiseTo(added.minSeverity, added.label);
  };
  const effects: RuleEffects = { channels: [], notify: [], cc: [], flags: [], alsoNotifyLevels: [] };
  const applied: string[] = [];
  for (const rule of policy.rules) {
    const state = { tier: tierId, severity: sev, categories: [cat, ...also], customerRequested: input.customerRequested === true || effects.customerRequested === true };
    if (!ruleApplies(rule, text, state, input.fields, reading)) continue;
    applied.push(rule.id);
    reasons.push(rule.reason, ...passageReason(`rule ${rule.id}`, rule.passage));
    const t = rule.then;
    if (t.category && t.category !== cat) {
      if (fixed.category !== undefined) {
        reasons.push(`${categoryLabel(policy, t.category)} also applies (the agent chose ${categoryLabel(policy, cat)})`);
        also.add(t.category);
      } else {
        // The category it replaces still applies when the text spoke of it; the playbook's default does not.
        if (matched.some((c) => c.id === cat)) also.add(cat);
        also.delete(t.category);
        cat = t.category;
        reasons.push(`→ ${categoryLabel(policy, cat)}`);
      }
      raiseTo(category(policy, t.category).minSeverity, categoryLabel(policy, t.category));
    }
    if (t.addCategory && t.addCategory !== cat && !also.has(t.addCategory)) addCategory(t.addCategory);
    raiseTo(t.minSeverity, rule.id);
    if (t.raiseSeverity && fixed.severity === undefined) {
      const target = policy.severities[Math.max(0, severityRank(policy, sev) - t.raiseSeverity)]!.id;
      if (target !== sev) {
        reasons.push(`raised ${severityLabel(policy, sev)} → ${severityLabel(policy, target)}`);
        sev = target;
      }
    }
    if (t.level) effects.level = t.level; // the router keeps the highest of these
    effects.channels.push(...t.channels);
    effects.notify.push(...t.notify);
    effects.cc.push(...t.cc);
    effects.flags.push(...t.flags);
    effects.alsoNotifyLevels.push(...t.alsoNotifyLevels);
    if (t.customerRequested) effects.customerRequested = true;
  }
  also.delete(cat);
  return { severity: sev, category: cat, alsoCategories: [...also], rules: applied, effects, reasons, ...(defined && fixed.severity === undefined && defined.severity === sev ? { definition: defined } : {}) };
}

/**
 * The form's fields, with each empty number field that says `fromText` read from the amount typed
 * next to its phrases ("a refund of $850"); what the agent typed in the form wins.
 */
function fieldsWithTextAmounts(input: ClassifyInput, policy: Policy, reasons: string[]): ClassifyInput["fields"] {
  let fields = input.fields;
  for (const f of policy.fields) {
    if (!f.fromText || f.kind !== "number") continue;
    const given = input.fields?.[f.id];
    if (given !== undefined && given !== "") continue;
    const a = amountNear(input.text, f.fromText);
    if (!a) continue;
    fields = { ...fields, [f.id]: a.value };
    reasons.push(`read ${f.label} = ${a.value} from the text ('${a.found}' next to '${a.near}')`);
  }
  return fields;
}

/**
 * Suggests severity and category from the text, fields and tier, the way a careful support lead
 * reads a ticket: every category the text speaks of counts (the most severe is the primary), and
 * the rules run on the final severity and category, which are the agent's when they chose.
 */
export function classify(typed: ClassifyInput, policy: Policy): Classification {
  const reasons: string[] = [];
  const tier = findTier(policy, typed.tier)?.id ?? policy.defaults.tier;
  if (typed.tier && !findTier(policy, typed.tier)) reasons.push(`unknown tier '${typed.tier}', using ${tier}`);
  // "lsot all their data": two letters swapped in one of the playbook's words is read as that word.
  const typos = readTypos(typed.text, vocabulary(policy));
  if (typos.fixes.length > 0) reasons.push(`read ${typos.fixes.join(", ")} (letters swapped)`);
  let input = typos.fixes.length > 0 ? { ...typed, text: typos.text } : typed;
  const fields = fieldsWithTextAmounts(input, policy, reasons);
  if (fields !== input.fields) input = { ...input, fields };

  const reading = readScopeAndImpact(input.text, policy.reading, input.fields);
  const matches: CategoryMatch[] = [];
  for (const c of policy.categories) {
    if (c.unlessImpact?.some((i) => reading.impact.includes(i))) continue;
    const m = findMention(input.text, c.match, c.unless);
    if (m) {
      matches.push({ category: c.id, phrase: m.phrase, found: m.found });
      reasons.push(`matched '${m.found}' → ${c.label}`, ...passageReason(c.label, c.passage));
    } else if (c.reading?.some((r) => readingMeets(reading, r))) {
      matches.push({ category: c.id, phrase: "(scope and impact)", found: reading.evidence.join(", ") });
      reasons.push(withPassage(`read ${reading.evidence.join(", ")} → ${c.label}`, c.passage));
    } else if (c.customerRequested && input.customerRequested === true) {
      matches.push({ category: c.id, phrase: "(customer asked for escalation)", found: "the form's box" });
      reasons.push(withPassage(`customer asked for escalation → ${c.label}`, c.passage));
    }
  }
  if (matches.length === 0) reasons.push(`no category phrase matched → ${categoryLabel(policy, policy.defaults.category)}`);

  const suggested = evaluate(input, policy, tier, matches, {}, reading);
  reasons.push(...suggested.reasons);
  if (suggested.severity === policy.defaults.severity && !reasons.some((r) => r.includes(severityLabel(policy, suggested.severity)))) {
    reasons.push(`no severity rule raised it → default ${severityLabel(policy, suggested.severity)}`);
  }

  const chosenSeverity = findSeverity(policy, input.severity)?.id;
  const chosenCategory = findCategory(policy, input.category)?.id;
  const choice = {
    ...(chosenSeverity !== undefined && chosenSeverity !== suggested.severity ? { severity: chosenSeverity } : {}),
    ...(chosenCategory !== undefined && chosenCategory !== suggested.category ? { category: chosenCategory } : {}),
  };
  let final = suggested;
  if (choice.severity !== undefined || choice.category !== undefined) {
    if (choice.severity) reasons.push(`agent chose ${severityLabel(policy, choice.severity)} (suggested ${severityLabel(policy, suggested.severity)})`);
    if (choice.category) reasons.push(`agent chose ${categoryLabel(policy, choice.category)} (suggested ${categoryLabel(policy, suggested.category)})`);
    // Everything that depends on severity or category runs again on what the agent chose.
    final = evaluate(input, policy, tier, matches, { severity: chosenSeverity ?? undefined, category: chosenCategory ?? undefined }, reading);
    if (!choice.severity && final.severity !== suggested.severity) {
      reasons.push(`${severityLabel(policy, final.severity)} for the chosen category (suggested ${severityLabel(policy, suggested.severity)})`);
    }
    const gained = final.rules.filter((r) => !suggested.rules.includes(r));
    const lost = suggested.rules.filter((r) => !final.rules.includes(r));
    for (const id of gained) reasons.push(`on the agent's choice: ${policy.rules.find((r) => r.id === id)!.reason}`);
    if (lost.length > 0) reasons.push(`no longer applies on the agent's choice: ${lost.join(", ")}`);
  }
  return {
    severity: final.severity,
    suggestedSeverity: suggested.severity,
    ...(chosenSeverity ? { chosenSeverity } : {}),
    category: final.category,
    suggestedCategory: suggested.category,
    ...(chosenCategory ? { chosenCategory } : {}),
    alsoCategories: final.alsoCategories,
    matches,
    tier,
    // The form's box or the text, once: never two steps up when both say so.
    customerRequested: input.customerRequested === true || final.effects.customerRequested === true,
    reading,
    ...(suggested.definition ? { definition: suggested.definition } : {}),
    rules: final.rules,
    effects: final.effects,
    reasons,
  };
}
