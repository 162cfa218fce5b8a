// @ts-check
/**
 * The surfaces the page shows (the conversation, a thread, the app's modal, the API log, …): each
 * refetches what it shows when asked, and reacts to the live changes that concern it. app.js
 * registers them; refreshAll() and the live event stream drive them all the same way, so a new
 * surface (a person's Home tab, say) is one module that registers itself, with no switch to edit.
 */

/** @typedef {import("./state.js").LiveChange} LiveChange */
/**
 * @typedef {object} Surface
 * @property {string} name
 * @property {() => Promise<void>} [load] refetches and redraws what it shows (at start, after switching
 *   who the page acts as, after the clock or the channel list changed)
 * @property {Record<string, (change: LiveChange) => void>} [on] what it does on each kind of live change
 */

/** @type {Surface[]} */
const surfaces = [];

/** @param {Surface} surface */
export function registerSurface(surface) {
  surfaces.push(surface);
}

/** Every surface refetches what it shows, at once. */
export async function loadSurfaces() {
  await Promise.all(surfaces.map((s) => s.load?.()));
}

/** Hands a live change to every surface that reacts to its kind. @param {LiveChange} change */
export function dispatch(change) {
  for (const s of surfaces) {
    const handler = s.on && Object.hasOwn(s.on, change.type) ? s.on[change.type] : undefined;
    handler?.(change);
  }
}
