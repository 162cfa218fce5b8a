// @ts-check
import { el } from "./dom.js";

/**
 * Menus that open from a button, as WAI-ARIA's menu button pattern has them: the top bar's
 * Shortcuts menu and each message's "More actions". The button says it has a menu and whether it
 * is open. A click, Enter, Space or ArrowDown opens the menu on its first item (ArrowUp: its last);
 * arrows, Home and End move between the items, Enter or a click chooses one, Escape closes the menu
 * and gives focus back to the button, Tab closes it and goes on from the button. A click elsewhere
 * closes it too.
 *
 * One menu is open at a time, in one popup element filled as it opens: a message redrawn while its
 * menu is open (a live change) does not take the menu with it, and its redrawn button is found
 * again by the menu's key.
 */

/** @typedef {{ label: string; description?: string; choose: () => void }} MenuItem */
/**
 * @typedef {object} MenuSpec
 * @property {string} key names the menu (and finds its button again once redrawn)
 * @property {string} label the menu's accessible name
 * @property {() => MenuItem[]} items what it offers, asked each time it opens
 * @property {() => HTMLElement | null} [refind] the menu's button when the one that opened it was redrawn
 */

/** @type {{ spec: MenuSpec; button: HTMLElement; items: HTMLButtonElement[] } | undefined} */
let current;

/** @type {HTMLUListElement | undefined} */
let popupElement;

function popup() {
  if (popupElement) return popupElement;
  const list = el("ul", "popup-menu");
  list.id = "popup-menu";
  list.setAttribute("role", "menu");
  list.hidden = true;
  list.addEventListener("keydown", onMenuKey);
  document.body.append(list);
  popupElement = list;
  return list;
}

/** The button of the open menu: the one that opened it, or its redrawn twin. */
function opener() {
  if (!current) return null;
  if (current.button.isConnected) return current.button;
  const again = current.spec.refind?.() ?? null;
  if (again) current.button = again;
  return again;
}

/**
 * Makes `button` open the menu `spec`.
 * @param {HTMLButtonElement} button
 * @param {MenuSpec} spec
 */
export function menuButton(button, spec) {
  button.setAttribute("aria-haspopup", "menu");
  button.setAttribute("aria-controls", "popup-menu");
  button.dataset.menu = spec.key;
  button.setAttribute("aria-expanded", String(current?.spec.key === spec.key));
  button.addEventListener("click", () => {
    if (current?.spec.key === spec.key) closeMenu(true);
    else openMenu(button, spec, "first");
  });
  button.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    openMenu(button, spec, event.key === "ArrowDown" ? "first" : "last");
  });
}

/**
 * @param {HTMLElement} button @param {MenuSpec} spec @param {"first" | "last"} at
 */
function openMenu(button, spec, at) {
  if (current) closeMenu(false);
  const list = popup();
  const offered = spec.items();
  const items = offered.map((item, i) => {
    const li = el("li");
    li.setAttribute("role", "none");
    const choice = el("button", "popup-menu-item");
    choice.type = "button";
    choice.setAttribute("role", "menuitem");
    choice.tabIndex = -1;
    choice.append(el("span", "popup-menu-name", item.label));
    if (item.description) {
      // Shown under the name and read as the item's description, not as part of its name.
      const about = el("span", "popup-menu-description", item.description);
      about.id = `popup-menu-about-${i}`;
      about.setAttribute("aria-hidden", "true");
      choice.setAttribute("aria-describedby", about.id);
      choice.append(about);
    }
    choice.addEventListener("click", () => {
      closeMenu(true);
      item.choose();
    });
    li.append(choice);
    return li;
  });
  if (items.length === 0) items.push(emptyItem());
  list.replaceChildren(...items);
  list.setAttribute("aria-label", spec.label);
  list.hidden = false;
  current = { spec, button, items: [...list.querySelectorAll("button")] };
  button.setAttribute("aria-expanded", "true");
  place(list, button);
  (at === "first" ? current.items[0] : current.items.at(-1))?.focus();
}

function emptyItem() {
  const li = el("li");
  li.setAttribute("role", "none");
  const none = el("button", "popup-menu-item", "Nothing here");
  none.type = "button";
  none.setAttribute("role", "menuitem");
  none.setAttribute("aria-disabled", "true");
  none.tabIndex = -1;
  li.append(none);
  return li;
}

/** Below the button (above it when there is no room), inside the window. @param {HTMLElement} list @param {HTMLElement} button */
function place(list, button) {
  const at = button.getBoundingClientRect();
  const size = list.getBoundingClientRect();
  const below = at.bottom + 4 + size.height <= window.innerHeight;
  list.style.top = `${Math.max(4, below ? at.bottom + 4 : at.top - 4 - size.height)}px`;
  // Its left edge under the button's, or its right edge when that would run off the window.
  const left = at.left + size.width <= window.innerWidth - 4 ? at.left : at.right - size.width;
  list.style.left = `${Math.max(4, left)}px`;
}

/** Closes the open menu; with `refocus`, focus goes back to its button. @param {boolean} refocus */
export function closeMenu(refocus) {
  if (!current) return;
  const button = opener();
  current = undefined;
  popup().hidden = true;
  button?.setAttribute("aria-expanded", "false");
  if (refocus) button?.focus();
}

/** @param {KeyboardEvent} event */
function onMenuKey(event) {
  if (!current) return;
  const items = current.items;
  const at = items.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
  const go = (/** @type {number} */ i) => items[(i + items.length) % items.length]?.focus();
  if (event.key === "ArrowDown") go(at + 1);
  else if (event.key === "ArrowUp") go(at - 1);
  else if (event.key === "Home") go(0);
  else if (event.key === "End") go(items.length - 1);
  else if (event.key === "Escape") closeMenu(true);
  else if (event.key === "Tab") {
    // Back on the button, the Tab itself then moves on from there.
    closeMenu(true);
    return;
  } else return;
  event.preventDefault();
  event.stopPropagation();
}

/** A click outside the open menu and its button closes it, leaving focus where the click put it. */
export function wireMenus() {
  document.addEventListener("pointerdown", (event) => {
    if (!current) return;
    const target = /** @type {Node} */ (event.target);
    if (popup().contains(target) || opener()?.contains(target)) return;
    closeMenu(false);
  });
}
