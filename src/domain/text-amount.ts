/**
 * Money amounts the agent typed in the text, next to what they are about: "wants a refund of $850"
 * → 850. A playbook's thresholds ("Refund request over $500", "Refund requests over $1,000") are then
 * met whether the agent filled the form's number field or only wrote the amount. Pure and general:
 * the words the amount must sit next to come from the policy file (a number field's `fromText`).
 *
 * Read: dollar amounts as people type them ("$850", "$1,450", "$1.2k", "USD 900", "US$ 2,000",
 * "850 dollars", "$ 600.50"), in the same sentence as one of the phrases, the one nearest to it.
 * Not read: other currencies (a threshold in dollars says nothing about "€900"), bare numbers
 * ("850 for the seats": a count, a plan, an id), and a negated phrase ("not asking for a refund").
 */
import { findMention } from "./phrase-match.js";

export interface TextAmount {
  value: number;
  /** The amount as typed ("$1,450"). */
  found: string;
  /** The words it was read next to ("refund"). */
  near: string;
}

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*(k|K|thousand)\b)?`;
/** "$850", "US$ 2,000", "USD 900", or "850 dollars", "900 USD". */
const AMOUNT = new RegExp(String.raw`(?:US\$|\$|\bUSD\s?)\s?${NUMBER}|\b${NUMBER}\s*(?:dollars?\b|USD\b|bucks\b)`, "gi");
/** Where a sentence ends: a full stop, ! or ? before a space or the end, a semicolon, a new line. */
const SENTENCE_END = /[.!?](?=\s|$)|[;\n]/g;

function valueOf(whole: string, cents: string | undefined, thousands: string | undefined): number {
  const n = Number(`${whole.replace(/,/g, "")}${cents ? `.${cents}` : ""}`);
  return thousands ? n * 1000 : n;
}

/** The sentence of `text` around `index`, as [start, end). */
function sentenceAround(text: string, index: number): [number, number] {
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(SENTENCE_END)) {
    if (m.index < index) start = m.index + m[0].length;
    else {
      end = m.index;
      break;
    }
  }
  return [start, end];
}

/**
 * The dollar amount typed nearest to the first mention of one of the phrases, in its sentence;
 * undefined when the text mentions none of them (or only negated) or gives no amount there.
 */
export function amountNear(text: string, phrases: readonly string[], unless: readonly string[] = []): TextAmount | undefined {
  const mention = findMention(text, phrases, unless);
  if (!mention) return undefined;
  const [start, end] = sentenceAround(text, mention.index);
  const sentence = text.slice(start, end);
  const mentionStart = mention.index - start;
  const mentionEnd = mentionStart + mention.found.length;
  let best: { value: number; found: string; distance: number } | undefined;
  for (const m of sentence.matchAll(AMOUNT)) {
    const value = m[1] !== undefined ? valueOf(m[1], m[2], m[3]) : valueOf(m[4]!, m[5], m[6]);
    if (!Number.isFinite(value)) continue;
    const from = m.index;
    const to = from + m[0].length;
    const distance = to <= mentionStart ? mentionStart - to : from >= mentionEnd ? from - mentionEnd : 0;
    if (!best || distance < best.distance) best = { value, found: m[0].trim(), distance };
  }
  return best ? { value: best.value, found: best.found, near: mention.found } : undefined;
}
