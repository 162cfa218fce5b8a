/**
 * Phrase matching for classification rules: case-insensitive, on word boundaries ("breach" does not
 * match "breaches-free" nor "Breachwood"), with straight and curly apostrophes alike, and blind to
 * negated mentions ("this is not an outage", "no data loss").
 */

/** Words that, shortly before a phrase, mean the text says the thing is absent. */
const NEGATIONS = new Set(["not", "no", "never", "without", "isn't", "isnt", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't", "nor", "non", "ruled"]);
/** How many words back a negation still applies ("not an outage": two words). */
const NEGATION_WINDOW = 3;

const cache = new Map<string, RegExp>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function phraseRegExp(phrase: string): RegExp {
  let re = cache.get(phrase);
  if (!re) {
    const body = escapeRegExp(phrase.trim().toLowerCase())
      .replace(/['’]/g, "['’]")
      .replace(/\s+/g, "\\s+");
    // Only require a boundary where the phrase itself starts/ends with a word character, so
    // phrases like "$" or "🔴" still match.
    const start = /^[\p{L}\p{N}]/u.test(phrase.trim()) ? "(?<![\\p{L}\\p{N}])" : "";
    const end = /[\p{L}\p{N}]$/u.test(phrase.trim()) ? "(?![\\p{L}\\p{N}])" : "";
    re = new RegExp(`${start}${body}${end}`, "giu");
    cache.set(phrase, re);
  }
  re.lastIndex = 0;
  return re;
}

function isNegated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 80), index).toLowerCase();
  // A sentence break ends the negation's reach: "Not sure why. Production is down."
  const clause = before.split(/[.!?;\n]/).pop() ?? "";
  const words = clause.split(/[^\p{L}\p{N}'’]+/u).filter(Boolean).slice(-NEGATION_WINDOW);
  return words.some((w) => NEGATIONS.has(w.replace(/’/g, "'")));
}

/** True when the text mentions the phrase at least once without negating it. */
export function mentions(text: string, phrase: string): boolean {
  const re = phraseRegExp(phrase);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!isNegated(text, m.index)) return true;
  }
  return false;
}

/** The first phrase of the list that the text mentions (not negated), if any. */
export function firstMention(text: string, phrases: readonly string[]): string | undefined {
  return phrases.find((p) => mentions(text, p));
}
