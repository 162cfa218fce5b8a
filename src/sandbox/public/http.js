// @ts-check
/** The page's JSON API on the bot's own server (src/sandbox/page/server.ts). */

export const API = "/sandbox/api/";

/** @param {string} path */
export async function getJson(path) {
  const res = await fetch(API + path, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** @param {string} path @param {unknown} body */
export async function postJson(path, body) {
  const res = await fetch(API + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  return answer;
}

/** @param {Record<string, string | undefined>} params */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return q.toString();
}
