/**
 * Bolt's HTTP receiver matches custom routes with path-to-regexp; the Socket Mode server beside
 * /healthz matches the same route paths with this: literal segments, `:name` for one segment and
 * `*name` for the rest (decoded, as Bolt decodes them).
 */
export function matchRoute(pattern: string, path: string): Record<string, string | string[]> | undefined {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w.startsWith("*")) {
      if (i >= got.length) return undefined;
      params[w.slice(1)] = got.slice(i).map(safeDecode);
      return params;
    }
    const g = got[i];
    if (g === undefined) return undefined;
    if (w.startsWith(":")) params[w.slice(1)] = safeDecode(g);
    else if (w !== g) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
