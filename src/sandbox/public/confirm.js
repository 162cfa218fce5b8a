// @ts-check
import { closeDialog, openDialog } from "./dialog.js";
import { $ } from "./dom.js";

/** @typedef {{ title?: string; text?: string; confirm?: string; deny?: string; style?: string }} ConfirmSpec */

/**
 * A confirmation dialog, as Slack shows for an element with a confirm object. Escape answers as
 * its deny button does; a dangerous one starts on that button, so Enter does not destroy anything.
 * @param {ConfirmSpec} spec
 * @returns {Promise<boolean>}
 */
export function askToConfirm(spec) {
  const dialog = $("confirm");
  $("confirm-title").textContent = spec.title || "Are you sure?";
  $("confirm-text").textContent = spec.text ?? "";
  const ok = /** @type {HTMLButtonElement} */ ($("confirm-ok"));
  const deny = /** @type {HTMLButtonElement} */ ($("confirm-deny"));
  ok.textContent = spec.confirm || "Yes";
  deny.textContent = spec.deny || "Cancel";
  ok.classList.toggle("danger", spec.style === "danger");
  return new Promise((resolve) => {
    /** @param {boolean} answer */
    const done = (answer) => {
      ok.onclick = null;
      deny.onclick = null;
      closeDialog(dialog);
      resolve(answer);
    };
    ok.onclick = () => done(true);
    deny.onclick = () => done(false);
    openDialog(dialog, { onEscape: () => done(false), focus: spec.style === "danger" ? deny : ok });
  });
}

/** True when the element has no confirm dialog, or the person confirmed it. @param {HTMLElement} element */
export function confirmed(element) {
  const raw = element.dataset.confirm;
  if (!raw) return Promise.resolve(true);
  try {
    return askToConfirm(/** @type {ConfirmSpec} */ (JSON.parse(raw)));
  } catch {
    return Promise.resolve(true);
  }
}
