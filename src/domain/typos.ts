/**
 * Two letters typed the wrong way round ("lsot all their data", "the workspace is emtpy"): the
 * commonest typo of someone typing fast, and one that hides every phrase the word is part of. A
 * word of the text is read as the playbook's word that swapping two neighbouring letters gives, when
 * the word is not itself one of the playbook's words and exactly one such swap is. Pure: the
 * vocabulary is the playbook's own phrases (categories, severities, rules), so nothing is ever
 * "corrected" into a word the playbook does not look for.
 */
import type { Policy } from "./playbook/model.js";

/** Real words one swap away from another real word: never read as a typo ("the form", "lots of"). */
const REAL_WORDS = new Set(
  ("form from lots lost salt slat diary dairy angel angle trial trail causal casual untied united sacred scared quiet quite " +
    "there three being begin calm clam bale able fiend field spilt split tired tried words sword stop spot post").split(" "),
);

/** Only words this long: "teh" or "adn" are left alone (too many short words are one swap apart). */
const MIN_LENGTH = 4;

const vocabularies = new WeakMap<Policy, Set<string>>();

const wordsOf = (phrase: string): string[] => phrase.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= MIN_LENGTH);

/** The playbook's own words: those of its categories', severities' and rules' phrases. */
export function vocabulary(policy: Policy): Set<string> {
  let v = vocabularies.get(policy);
  if (!v) {
    v = new Set<string>();
    const phrases = [
      ...policy.categories.flatMap((c) => [...c.match, ...c.unless]),
      ...policy.severities.flatMap((s) => [...s.match, ...s.unless]),
      ...policy.rules.flatMap((r) => [...(r.when.text ?? []), ...(r.when.unless ?? [])]),
    ];
    for (const p of phrases) for (const w of wordsOf(p)) v.add(w);
    vocabularies.set(policy, v);
  }
  return v;
}

/** The one word of the vocabulary a swap of two neighbouring letters makes of `word`, if exactly one. */
function swapped(word: string, vocab: ReadonlySet<string>): string | undefined {
  let found: string | undefined;
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    const candidate = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    if (!vocab.has(candidate) || candidate === found) continue;
    if (found !== undefined) return undefined; // two readings: not a typo we can read
    found = candidate;
  }
  return found;
}

export interface TypoReading {
  /** The text with each such typo read as the playbook's word (its capital kept). */
  text: string;
  /** What was read how, for the explanation: ["'lsot' as 'lost'"]. */
  fixes: string[];
}

export function readTypos(text: string, vocab: ReadonlySet<string>): TypoReading {
  const fixes: string[] = [];
  const out = text.replace(/\p{L}+/gu, (w) => {
    if (w.length < MIN_LENGTH) return w;
    const lower = w.toLowerCase();
    if (vocab.has(lower) || REAL_WORDS.has(lower)) return w;
    const fix = swapped(lower, vocab);
    if (fix === undefined) return w;
    fixes.push(`'${w}' as '${fix}'`);
    return w[0] === w[0]!.toUpperCase() && w[0] !== w[0]!.toLowerCase() ? fix[0]!.toUpperCase() + fix.slice(1) : fix;
  });
  return { text: out, fixes };
}
