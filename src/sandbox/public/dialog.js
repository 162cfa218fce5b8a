// @ts-check
/**
 * The page's dialogs (the app's modal, the confirm dialog, the new-channel dialog) as a stack.
 * The top one holds keyboard focus: it takes focus when it opens, Tab and Shift+Tab go round its
 * controls without leaving it, Escape does what its Cancel or Close button does, and when it
 * closes focus goes back to what opened it.
 */

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** @typedef {{ backdrop: HTMLElement; onEscape: () => void; opener: () => HTMLElement | null }} OpenDialog */

/** @type {OpenDialog[]} */
const stack = [];

/** What Tab can reach inside `root`, in order: enabled, shown, not taken out of the order. @param {HTMLElement} root */
function tabStops(root) {
  return [...root.querySelectorAll(FOCUSABLE)].filter(
    /** @returns {e is HTMLElement} */
    (e) => e instanceof HTMLElement && e.tabIndex >= 0 && !e.matches(":disabled") && e.getClientRects().length > 0,
  );
}

/** The first field of a form inside `root`, where a person starts typing. @param {HTMLElement} root */
export function firstField(root) {
  return tabStops(root).find((e) => e.matches("input, select, textarea")) ?? null;
}

/**
 * How to find again what opened a dialog. A message's buttons are redrawn on every change to it,
 * so one found by its message and action (or its menu) stands in for the element itself once it is gone.
 * @param {Element | null} opener
 * @returns {() => HTMLElement | null}
 */
function finder(opener) {
  if (!(opener instanceof HTMLElement) || opener === document.body) return () => null;
  // A menu's button (menu.js), such as a message's "More actions", is named by its menu.
  const menu = opener.dataset.menu;
  if (menu !== undefined) return () => (opener.isConnected ? opener : /** @type {HTMLElement | null} */ (document.querySelector(`[data-menu="${CSS.escape(menu)}"]`)));
  const message = opener.closest("article.msg[data-ts]");
  const { actionId, blockId } = opener.dataset;
  if (!(message instanceof HTMLElement) || actionId === undefined || blockId === undefined) return () => opener;
  const pane = opener.closest("#thread-messages") ? "#thread-messages" : "#messages";
  const selector = `${pane} article.msg[data-ts="${CSS.escape(message.dataset.ts ?? "")}"] [data-action-id="${CSS.escape(actionId)}"][data-block-id="${CSS.escape(blockId)}"]`;
  return () => (opener.isConnected ? opener : /** @type {HTMLElement | null} */ (document.querySelector(selector)));
}

/** @param {HTMLElement | null} e */
const canFocus = (e) => e !== null && e.isConnected && e.getClientRects().length > 0 && !e.matches(":disabled");

/**
 * Shows a dialog and moves focus into it (to `focus`, else its first field, else its first
 * control). Opening one already open does nothing.
 * @param {HTMLElement} backdrop the dialog's backdrop element (what `hidden` shows and hides)
 * @param {{ onEscape: () => void; focus?: HTMLElement | null }} options `onEscape`: what Escape does,
 *   the same as the dialog's Cancel or Close button
 */
export function openDialog(backdrop, options) {
  if (stack.some((d) => d.backdrop === backdrop)) return;
  stack.push({ backdrop, onEscape: options.onEscape, opener: finder(document.activeElement) });
  backdrop.hidden = false;
  (options.focus ?? firstField(backdrop) ?? tabStops(backdrop)[0])?.focus();
}

/** Hides a dialog; if it was open, focus goes back to what opened it (else the composer). @param {HTMLElement} backdrop */
export function closeDialog(backdrop) {
  backdrop.hidden = true;
  const at = stack.findIndex((d) => d.backdrop === backdrop);
  if (at < 0) return;
  const [closed] = stack.splice(at, 1);
  const opener = closed?.opener() ?? null;
  (canFocus(opener) ? opener : document.getElementById("composer-input"))?.focus();
}

/** Focus within the top dialog, and Escape, for the whole page. */
export function wireDialogs() {
  document.addEventListener("keydown", (event) => {
    const top = stack.at(-1);
    if (!top || event.isComposing) return;
    if (event.key === "Escape") {
      event.preventDefault();
      top.onEscape();
      return;
    }
    if (event.key !== "Tab") return;
    const stops = tabStops(top.backdrop);
    const first = stops[0];
    const last = stops.at(-1);
    const active = document.activeElement;
    const inside = active !== null && top.backdrop.contains(active);
    if (!first || !last) {
      event.preventDefault();
    } else if (event.shiftKey && (!inside || active === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || active === last)) {
      event.preventDefault();
      first.focus();
    }
  });
}
