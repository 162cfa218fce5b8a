// @ts-check
import { closeDialog, firstField, openDialog } from "./dialog.js";
import { $ } from "./dom.js";
import { getJson, postJson, query } from "./http.js";
import { state } from "./state.js";
import { registerSurface } from "./surfaces.js";

/**
 * The app's modal: shown as the server renders it, what the person entered collected as Slack's
 * view.state.values, submitted and closed as a Slack client does, inline errors shown in place.
 */

/** @typedef {import("./state.js").ModalView} ModalView */
/** @typedef {import("./state.js").RawInput} RawInput */
/** @typedef {import("./state.js").RawInputs} RawInputs */

async function loadModal() {
  if (!state.as) return;
  /** @type {{ modal: ModalView | null }} */
  const { modal } = await getJson(`modal?${query({ as: state.as })}`);
  showModal(modal);
}

/** @param {ModalView | null} modal */
function showModal(modal) {
  const backdrop = $("modal");
  const body = $("modal-body");
  if (!modal) {
    state.modalId = undefined;
    closeDialog(backdrop);
    return;
  }
  // The same modal again (e.g. after errors): keep what the person typed.
  if (modal.id === state.modalId && !backdrop.hidden && body.dataset.html === modal.body) return;
  const focused = document.activeElement instanceof HTMLElement && body.contains(document.activeElement) ? document.activeElement.getAttribute("name") : null;
  state.modalId = modal.id;
  $("modal-title").innerHTML = modal.title;
  body.innerHTML = modal.body;
  body.dataset.html = modal.body;
  $("modal-close").innerHTML = modal.close;
  const submit = /** @type {HTMLButtonElement} */ ($("modal-submit"));
  submit.hidden = modal.submit === undefined;
  submit.innerHTML = modal.submit ?? "";
  submit.disabled = false;
  $("modal-problem").hidden = true;
  if (backdrop.hidden) {
    openDialog(backdrop, { onEscape: () => void closeModal(), focus: firstField(body) });
  } else if (!backdrop.contains(document.activeElement) || document.activeElement === document.body) {
    // Updated while open: focus was on a field that is now redrawn; back to it, or to the first.
    const again = focused === null ? null : /** @type {HTMLElement | null} */ (body.querySelector(`[name="${CSS.escape(focused)}"]`));
    (again ?? firstField(body) ?? $("modal-x")).focus();
  }
}

/** What the person entered in the modal, by block and action, as the server expects it. */
export function collectInputs() {
  /** @type {RawInputs} */
  const inputs = {};
  for (const block of $("modal-body").querySelectorAll(".bk-input-block")) {
    const blockId = /** @type {HTMLElement} */ (block).dataset.blockId ?? "";
    const element = /** @type {HTMLElement | null} */ (block.querySelector("[data-bk]"));
    if (!element) continue;
    const actionId = element.dataset.actionId ?? "";
    (inputs[blockId] ??= {})[actionId] = valueOf(element);
  }
  return inputs;
}

/** @param {HTMLElement} element @returns {RawInput} */
export function valueOf(element) {
  const kind = element.dataset.bk ?? "";
  if (kind === "radio_buttons") {
    const checked = /** @type {HTMLInputElement | null} */ (element.querySelector("input:checked"));
    return checked ? checked.value : null;
  }
  if (kind === "checkboxes") {
    return [...element.querySelectorAll("input:checked")].map((i) => /** @type {HTMLInputElement} */ (i).value);
  }
  if (element instanceof HTMLSelectElement) {
    if (element.multiple) return [...element.selectedOptions].map((o) => o.value);
    return element.value === "" ? null : element.value;
  }
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    return element.value === "" ? null : element.value;
  }
  return null;
}

/**
 * Ties an error to its field as the renderer does (src/sandbox/render/blocks.ts): the error's id in
 * the field's aria-describedby and aria-invalid on the field (on each input of a group), or unties it.
 * @param {HTMLElement} element the block's element (a control, or a radio or checkbox group)
 * @param {string | undefined} errorId
 */
function tieError(element, errorId) {
  const described = (element.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id !== "" && !id.endsWith("-error"));
  if (errorId) described.push(errorId);
  if (described.length > 0) element.setAttribute("aria-describedby", described.join(" "));
  else element.removeAttribute("aria-describedby");
  const grouped = element.dataset.bk === "radio_buttons" || element.dataset.bk === "checkboxes";
  for (const field of grouped ? element.querySelectorAll("input") : [element]) {
    if (errorId) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }
}

/** @param {Record<string, string>} errors */
function showModalErrors(errors) {
  const body = $("modal-body");
  for (const old of body.querySelectorAll(".bk-error")) old.remove();
  for (const block of body.querySelectorAll(".bk-has-error")) {
    block.classList.remove("bk-has-error");
    const element = /** @type {HTMLElement | null} */ (block.querySelector("[data-bk]"));
    if (element) tieError(element, undefined);
  }
  let first = /** @type {{ block: HTMLElement; field: HTMLElement } | null} */ (null);
  for (const [blockId, message] of Object.entries(errors)) {
    const block = /** @type {HTMLElement | null} */ (body.querySelector(`.bk-input-block[data-block-id="${CSS.escape(blockId)}"]`));
    if (!block) continue;
    const element = /** @type {HTMLElement | null} */ (block.querySelector("[data-bk]"));
    const error = document.createElement("div");
    error.className = "bk-error";
    error.setAttribute("role", "alert");
    error.textContent = message;
    if (element?.id) {
      error.id = `${element.id}-error`;
      tieError(element, error.id);
    }
    block.classList.add("bk-has-error");
    block.append(error);
    const field = element?.matches("input, select, textarea") ? element : /** @type {HTMLElement | null} */ (element?.querySelector("input") ?? null);
    if (!first && field) first = { block, field };
  }
  // The first field to fix takes focus, so its label and error are read out and typing goes there.
  first?.field.focus({ preventScroll: true });
  first?.block.scrollIntoView({ block: "center" });
}

/** @param {SubmitEvent} event */
async function submitModal(event) {
  event.preventDefault();
  if (!state.modalId || !state.as) return;
  const submit = /** @type {HTMLButtonElement} */ ($("modal-submit"));
  submit.disabled = true;
  $("modal-problem").hidden = true;
  try {
    const outcome = await postJson("modal/submit", { as: state.as, viewId: state.modalId, inputs: collectInputs() });
    if (outcome.kind === "errors") showModalErrors(outcome.errors);
    else if (outcome.kind === "failed") showModalProblem(`We had some trouble connecting to the app (${outcome.error}). Try again?`);
    else await loadModal();
  } finally {
    submit.disabled = false;
    // A disabled button loses focus; while the modal stays, give it back rather than leave it nowhere.
    if (!$("modal").hidden && (document.activeElement === null || document.activeElement === document.body)) submit.focus();
  }
}

/** @param {string} text */
function showModalProblem(text) {
  const problem = $("modal-problem");
  problem.textContent = text;
  problem.hidden = false;
}

/** The modal's Close button, its ×, and Escape: Slack's view_closed. */
async function closeModal() {
  if (!state.modalId || !state.as) return;
  await postJson("modal/close", { as: state.as, viewId: state.modalId });
  await loadModal();
}

export function wireModal() {
  $("modal-form").addEventListener("submit", (event) => void submitModal(/** @type {SubmitEvent} */ (event)));
  $("modal-close").addEventListener("click", () => void closeModal());
  $("modal-x").addEventListener("click", () => void closeModal());
  registerSurface({
    name: "modal",
    load: loadModal,
    on: { view: (change) => void (change.user === state.as && loadModal()) },
  });
}
