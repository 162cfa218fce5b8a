/**
 * Element ids for one rendered surface (a message, a modal), so labels, hints and errors can be
 * tied to their fields: `<prefix>-<n>`, counted in render order, so the same view always renders
 * the same ids (the page compares a modal's HTML to keep what was typed). Each surface the page
 * shows at once gets its own prefix, so ids stay unique across the page.
 */
export interface IdScope {
  next(): string;
}

export function idScope(prefix: string): IdScope {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, "-");
  // An id that starts with a letter can be used in a CSS selector without escaping.
  const base = /^[A-Za-z]/.test(safe) ? safe : `bk-${safe}`;
  let n = 0;
  return { next: () => `${base}-${++n}` };
}
