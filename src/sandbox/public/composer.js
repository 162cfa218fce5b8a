// @ts-check
import { toast } from "./api-log.js";
import { $, el } from "./dom.js";
import { postJson } from "./http.js";
import { state } from "./state.js";

/** The composers (the conversation's and the thread's), and the slash command hints above the first. */

/** @param {HTMLTextAreaElement} input @param {string | undefined} threadTs */
async function send(input, threadTs) {
  const text = input.value.trim();
  if (!text || !state.as || !state.channel) return;
  input.value = "";
  hideHints();
  const answer = await postJson("compose", { as: state.as, channel: state.channel, text, ...(threadTs ? { threadTs } : {}) });
  if (answer.ok === false && answer.error !== "unknown_command") toast(`Not sent: ${answer.error}`);
}

function showHints() {
  const input = /** @type {HTMLTextAreaElement} */ ($("composer-input"));
  const list = $("command-hints");
  const typed = input.value;
  const commands = state.workspace?.commands ?? [];
  if (!typed.startsWith("/") || typed.includes(" ")) return hideHints();
  const matching = commands.filter((c) => c.command.startsWith(typed));
  if (matching.length === 0) return hideHints();
  list.replaceChildren(
    ...matching.map((c) => {
      const li = document.createElement("li");
      const button = el("button");
      button.type = "button";
      button.dataset.command = c.command;
      button.append(el("strong", undefined, c.command), " ", el("span", undefined, [c.usageHint, c.description].filter(Boolean).join(" — ")));
      li.append(button);
      return li;
    }),
  );
  list.hidden = false;
}

function hideHints() {
  $("command-hints").hidden = true;
}

/**
 * The hints from the keyboard: the list sits above the composer, so ArrowUp from the composer goes
 * to its last hint, arrows move between hints, and Escape goes back to typing.
 * @param {HTMLTextAreaElement} input
 */
function wireHintKeys(input) {
  const list = $("command-hints");
  const buttons = () => /** @type {HTMLButtonElement[]} */ ([...list.querySelectorAll("button")]);
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowUp" && !event.shiftKey) {
      event.preventDefault();
      buttons().at(-1)?.focus();
    } else if (event.key === "Escape") {
      hideHints();
    }
  });
  list.addEventListener("keydown", (event) => {
    const all = buttons();
    const at = all.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    if (event.key === "ArrowUp") all[Math.max(at - 1, 0)]?.focus();
    else if (event.key === "ArrowDown") (at === all.length - 1 ? input : all[at + 1])?.focus();
    else if (event.key === "Escape") input.focus();
    else return;
    event.preventDefault();
  });
  list.addEventListener("click", (event) => {
    const hint = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("[data-command]"));
    if (!hint) return;
    input.value = `${hint.dataset.command} `;
    hideHints();
    input.focus();
  });
}

export function wireComposer() {
  const composer = /** @type {HTMLTextAreaElement} */ ($("composer-input"));
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    void send(composer, undefined);
  });
  composer.addEventListener("input", showHints);
  wireHintKeys(composer);
  const threadInput = /** @type {HTMLTextAreaElement} */ ($("thread-input"));
  $("thread-composer").addEventListener("submit", (event) => {
    event.preventDefault();
    void send(threadInput, state.thread);
  });
  for (const input of [composer, threadInput]) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        input.form?.requestSubmit();
      }
    });
  }
}
