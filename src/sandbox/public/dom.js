// @ts-check
/** Small DOM helpers. Text goes in as text, never as markup. */

/** @param {string} id */
export function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/**
 * An element with a class and text (as text: never markup).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} [className] @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** @param {string} name */
export function initials(name) {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

/**
 * One of the emoji the page ships as SVG (src/sandbox/public/emoji/), so it looks the same on a
 * machine without an emoji font. `alt` is what a screen reader says; "" for a decorative one.
 * @param {string} name e.g. "stopwatch" @param {string} alt
 */
export function emoji(name, alt) {
  const img = el("img", "emoji");
  img.src = `/sandbox/assets/emoji/${name}.svg`;
  img.alt = alt;
  img.draggable = false;
  return img;
}
