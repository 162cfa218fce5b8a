/** Company suffixes that do not make another customer ("Acme Corp." is "ACME Corporation"). */
const SUFFIXES = new Set(["corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "co", "company", "gmbh"]);

/**
 * The name customers are matched by: case and punctuation folded, a trailing company suffix dropped
 * ("Acme Corp." = "ACME Corporation" = "acme corp" = "acme"). A name that is only a suffix stays.
 */
export function normaliseCustomer(name: string): string {
  const words = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  while (words.length > 1 && SUFFIXES.has(words.at(-1)!)) words.pop();
  return words.join(" ");
}
