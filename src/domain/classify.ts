import type { Policy, RuleSpec } from "../policy/model.js";
import { firstMention } from "./phrase-match.js";
import { category, categoryLabel, findCategory, findSeverity, findTier, moreSevere, severityLabel, severityRank } from "./policy-lookup.js";

export type FieldValue = number | string | boolean;

export interface ClassifyInput {
  /** Everything the agent wrote: summary, impact, error messages... */
  text: string;
  /** Customer tier (id, label or alias); the playbook's default when absent. */
  tier?: string;
  /** The agent's explicit severity choice, if any: it wins over the suggestion. */
  severity?: string;
  /** The agent's explicit category choice, if any. */
  category?: string;
  /** Values of the playbook's extra fields (refund amount, ARR, ...). */
  fields?: Record<string, FieldValue | undefined>;
  /** The customer asked for escalation: the escalation starts one level higher. */
  customerRequested?: boolean;
}

/** What rules add on top of the category and level: routing and notification extras. */
export interface RuleEffects {
  level?: string;
  channels: string[];
  notify: string[];
  cc: string[];
  flags: string[];
  alsoNotifyLevels: string[];
}

export interface Classification {
  severity: string;
  suggestedSeverity: string;
  chosenSeverity?: string;
  category: string;
  suggestedCategory: string;
  chosenCategory?: string;
  tier: string;
  customerRequested: boolean;
  /** Ids of the rules that applied. */
  rules: string[];
  effects: RuleEffects;
  /** Why, in words a support lead can check against the playbook. */
  reasons: string[];
}

function ruleApplies(rule: RuleSpec, text: string, state: { tier: string; severity: string; category: string }, fields: ClassifyInput["fields"]): boolean {
  const w = rule.when;
  if (w.text && !firstMention(text, w.text)) return false;
  if (w.tier && !w.tier.includes(state.tier)) return false;
  if (w.severity && !w.severity.includes(state.severity)) return false;
  if (w.category && !w.category.includes(state.category)) return false;
  if (w.field !== undefined) {
    const v = fields?.[w.field];
    if (w.above !== undefined && !(typeof v === "number" && v > w.above)) return false;
    if (w.atLeast !== undefined && !(typeof v === "number" && v >= w.atLeast)) return false;
    if (w.checked !== undefined && (v === true) !== w.checked) return false;
    if (w.above === undefined && w.atLeast === undefined && w.checked === undefined && (v === undefined || v === "" || v === false)) return false;
  }
  return true;
}

/** Suggests severity and category from the text, fields and tier, and applies the agent's explicit choices. */
export function classify(input: ClassifyInput, policy: Policy): Classification {
  const reasons: string[] = [];
  const text = input.text;
  const tier = findTier(policy, input.tier)?.id ?? policy.defaults.tier;
  if (input.tier && !findTier(policy, input.tier)) reasons.push(`unknown tier '${input.tier}', using ${tier}`);

  // Category: the first category (in playbook order) whose phrases the text mentions.
  let cat = policy.defaults.category;
  const matchedCategory = policy.categories.find((c) => firstMention(text, c.match));
  if (matchedCategory) {
    cat = matchedCategory.id;
    reasons.push(`matched '${firstMention(text, matchedCategory.match)}' → ${matchedCategory.label}`);
  }

  // Severity: the category's starting severity (else the playbook's default), raised by severity
  // phrases and the category's minimum.
  const startSeverity = matchedCategory?.severity;
  let sev = startSeverity ?? policy.defaults.severity;
  if (matchedCategory && startSeverity) reasons.push(`${matchedCategory.label}: starts at ${severityLabel(policy, startSeverity)}`);
  const bySeverityPhrase = policy.severities.find((s) => firstMention(text, s.match));
  if (bySeverityPhrase && severityRank(policy, bySeverityPhrase.id) < severityRank(policy, sev)) {
    sev = bySeverityPhrase.id;
    reasons.push(`matched '${firstMention(text, bySeverityPhrase.match)}' → ${bySeverityPhrase.label}`);
  }
  const minOf = (catId: string) => category(policy, catId).minSeverity;
  const raiseTo = (min: string | undefined, why: string) => {
    if (min && moreSevere(policy, min, sev) === min && min !== sev) {
      sev = min;
      reasons.push(`${why}: minimum ${severityLabel(policy, min)}`);
    }
  };
  raiseTo(minOf(cat), categoryLabel(policy, cat));

  // Rules, in playbook order, each seeing the state the earlier ones left.
  const effects: RuleEffects = { channels: [], notify: [], cc: [], flags: [], alsoNotifyLevels: [] };
  const applied: string[] = [];
  for (const rule of policy.rules) {
    if (!ruleApplies(rule, text, { tier, severity: sev, category: cat }, input.fields)) continue;
    applied.push(rule.id);
    reasons.push(rule.reason);
    const t = rule.then;
    if (t.category && t.category !== cat) {
      cat = t.category;
      reasons.push(`→ ${categoryLabel(policy, cat)}`);
      raiseTo(minOf(cat), categoryLabel(policy, cat));
    }
    raiseTo(t.minSeverity, rule.id);
    if (t.raiseSeverity) {
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
  }
  if (!matchedCategory && cat === policy.defaults.category) reasons.push(`no category phrase matched → ${categoryLabel(policy, cat)}`);
  if (sev === policy.defaults.severity && !startSeverity) reasons.push(`no severity rule raised it → default ${severityLabel(policy, sev)}`);

  const suggestedSeverity = sev;
  const suggestedCategory = cat;
  const chosenSeverity = findSeverity(policy, input.severity)?.id;
  const chosenCategory = findCategory(policy, input.category)?.id;
  if (chosenSeverity && chosenSeverity !== suggestedSeverity) {
    reasons.push(`agent chose ${severityLabel(policy, chosenSeverity)} (suggested ${severityLabel(policy, suggestedSeverity)})`);
  }
  if (chosenCategory && chosenCategory !== suggestedCategory) {
    reasons.push(`agent chose ${categoryLabel(policy, chosenCategory)} (suggested ${categoryLabel(policy, suggestedCategory)})`);
  }
  return {
    severity: chosenSeverity ?? suggestedSeverity,
    suggestedSeverity,
    ...(chosenSeverity ? { chosenSeverity } : {}),
    category: chosenCategory ?? suggestedCategory,
    suggestedCategory,
    ...(chosenCategory ? { chosenCategory } : {}),
    tier,
    customerRequested: input.customerRequested === true,
    rules: applied,
    effects,
    reasons,
  };
}
