// @ts-check
import { toast } from "./api-log.js";
import { closeDialog, openDialog } from "./dialog.js";
import { $ } from "./dom.js";
import { postJson } from "./http.js";
import { openConversation } from "./messages.js";
import { state } from "./state.js";
import { loadWorkspace } from "./workspace.js";

/** Creating a channel ("+" beside Channels) and adding the app to the one on screen. */

function openNewChannel() {
  const name = /** @type {HTMLInputElement} */ ($("new-channel-name"));
  name.value = "";
  /** @type {HTMLInputElement} */ ($("new-channel-private")).checked = false;
  showProblem(undefined);
  openDialog($("new-channel-dialog"), { onEscape: closeNewChannel, focus: name });
}

function closeNewChannel() {
  closeDialog($("new-channel-dialog"));
}

/** The refusal under the name field, tied to it; or none. @param {string | undefined} text */
function showProblem(text) {
  const problem = $("new-channel-problem");
  const name = $("new-channel-name");
  problem.textContent = text ?? "";
  problem.hidden = text === undefined;
  if (text === undefined) name.removeAttribute("aria-invalid");
  else name.setAttribute("aria-invalid", "true");
}

/** Slack's client turns what is typed into a channel name: lowercase, spaces as hyphens. @param {string} typed */
function channelNameOf(typed) {
  return typed.trim().replace(/^#/, "").toLowerCase().replace(/\s+/g, "-");
}

/** Words for the emulator's refusals of a channel name (Slack's error codes). */
const CHANNEL_NAME_PROBLEMS = /** @type {Record<string, string>} */ ({
  invalid_name_required: "Give the channel a name.",
  invalid_name_maxlength: "Channel names can be at most 80 characters.",
  invalid_name_specials: "Channel names can only contain lowercase letters, numbers, hyphens and underscores.",
  name_taken: "That name is already taken by a channel.",
});

/** @param {SubmitEvent} event */
async function createChannel(event) {
  event.preventDefault();
  if (!state.as) return;
  const create = /** @type {HTMLButtonElement} */ ($("new-channel-create"));
  create.disabled = true;
  try {
    const answer = await postJson("channels", {
      as: state.as,
      name: channelNameOf(/** @type {HTMLInputElement} */ ($("new-channel-name")).value),
      isPrivate: /** @type {HTMLInputElement} */ ($("new-channel-private")).checked,
    });
    if (answer.ok !== true) {
      showProblem(CHANNEL_NAME_PROBLEMS[answer.error] ?? `Slack refused it: ${answer.error}`);
      $("new-channel-name").focus();
      return;
    }
    closeNewChannel();
    await loadWorkspace();
    await openConversation(answer.channel);
  } finally {
    create.disabled = false;
  }
}

async function inviteApp() {
  if (!state.as || !state.channel) return;
  const answer = await postJson("invite-app", { as: state.as, channel: state.channel });
  if (answer.ok !== true) toast(`The app could not be added: ${answer.error}`);
}

export function wireChannels() {
  $("new-channel").addEventListener("click", openNewChannel);
  $("new-channel-cancel").addEventListener("click", closeNewChannel);
  $("new-channel-form").addEventListener("submit", (event) => void createChannel(/** @type {SubmitEvent} */ (event)));
  $("invite-app").addEventListener("click", () => void inviteApp());
}
