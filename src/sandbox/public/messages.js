// @ts-check
import { $, el, emoji, initials } from "./dom.js";
import { getJson, query } from "./http.js";
import { showAppTabs } from "./home.js";
import { moreActions } from "./shortcuts.js";
import { state } from "./state.js";
import { registerSurface } from "./surfaces.js";
import { markCurrent } from "./workspace.js";

/** The conversation on screen and the open thread: their messages, and going from one to another. */

/** @typedef {import("./state.js").MessageView} MessageView */
/** @typedef {import("./state.js").ConversationView} ConversationView */

async function loadConversation() {
  if (!state.channel || !state.as) return;
  /** @type {ConversationView} */
  const conv = await getJson(`conversation?${query({ as: state.as, channel: state.channel })}`);
  state.unread.delete(conv.channel.id);
  $("conv-title").textContent = conv.channel.title;
  $("conv-topic").textContent = conv.channel.topic;
  const input = /** @type {HTMLTextAreaElement} */ ($("composer-input"));
  input.placeholder = conv.channel.isIm ? `Message ${conv.channel.title}` : `Message ${conv.channel.title} — try /escalate`;
  // A channel the app is not in: offer to add it, as Slack's channel details do.
  const invite = /** @type {HTMLButtonElement} */ ($("invite-app"));
  invite.hidden = conv.channel.isIm || conv.channel.appIsMember;
  invite.textContent = `Invite ${state.workspace?.app ?? "the app"}`;
  // An archived channel is read-only: its history stays, the composer goes.
  $("conv-archived").hidden = !conv.channel.archived;
  $("composer").hidden = conv.channel.archived;
  renderMessages($("messages"), conv.messages, { inThread: false });
  markCurrent();
  // The app's DM has its Home and Messages tabs; any other conversation has none.
  showAppTabs();
}

async function loadThread() {
  const pane = $("thread");
  if (!state.thread || !state.channel || !state.as) {
    pane.hidden = true;
    return;
  }
  /** @type {ConversationView} */
  const conv = await getJson(`conversation?${query({ as: state.as, channel: state.channel, thread: state.thread })}`);
  pane.hidden = false;
  renderMessages($("thread-messages"), conv.messages, { inThread: true });
}

/**
 * @param {HTMLElement} container
 * @param {MessageView[]} messages
 * @param {{ inThread: boolean }} opts
 */
function renderMessages(container, messages, opts) {
  const stick = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  // Redrawing replaces every element: focus on one of them goes to its redrawn twin.
  const focused = focusKey(container);
  const nodes = [];
  let day = "";
  for (const m of messages) {
    if (m.day !== day && !opts.inThread) {
      day = m.day;
      nodes.push(el("div", "day-divider", m.day));
    }
    nodes.push(messageNode(m, opts));
  }
  if (messages.length === 0) nodes.push(el("p", "empty", opts.inThread ? "No replies yet." : "No messages yet."));
  container.replaceChildren(...nodes);
  if (focused) {
    const again = /** @type {HTMLElement | null} */ (container.querySelector(focused.control) ?? container.querySelector(focused.message));
    again?.focus();
  }
  if (stick) container.scrollTop = container.scrollHeight;
}

/**
 * Selectors for the focused element inside `container` when it is a message's control: the same
 * control (a checkbox by its value), else the first control of the same message (a button the
 * change took away, such as Acknowledge once acknowledged).
 * @param {HTMLElement} container
 * @returns {{ control: string; message: string } | undefined}
 */
function focusKey(container) {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !container.contains(active)) return undefined;
  const message = active.closest("article.msg[data-ts]");
  if (!(message instanceof HTMLElement)) return undefined;
  const within = `article.msg[data-ts="${CSS.escape(message.dataset.ts ?? "")}"]`;
  const first = `${within} :is(button, select, input, textarea, a[href])`;
  if (active.dataset.thread !== undefined) return { control: `${within} [data-thread]`, message: first };
  if (active.dataset.menu !== undefined) return { control: `${within} [data-menu="${CSS.escape(active.dataset.menu)}"]`, message: first };
  const { actionId, blockId } = active.dataset;
  if (actionId !== undefined && blockId !== undefined) {
    return { control: `${within} [data-action-id="${CSS.escape(actionId)}"][data-block-id="${CSS.escape(blockId)}"]`, message: first };
  }
  const name = active.getAttribute("name");
  if (name === null) return { control: first, message: first };
  const value = active instanceof HTMLInputElement ? `[value="${CSS.escape(active.value)}"]` : "";
  return { control: `${within} [name="${CSS.escape(name)}"]${value}`, message: first };
}

/** @param {MessageView} m @param {{ inThread: boolean }} opts */
function messageNode(m, opts) {
  const article = el("article", "msg");
  article.classList.toggle("msg-ephemeral", m.ephemeral);
  article.classList.toggle("msg-app", m.author.isApp);
  article.dataset.ts = m.ts;
  if (m.ephemeral) article.dataset.ephemeral = "true";

  const avatar = el("div", "msg-avatar");
  avatar.append(m.author.isApp ? emoji("zap", "") : initials(m.author.name));
  avatar.setAttribute("aria-hidden", "true");

  const meta = el("div", "msg-meta");
  meta.append(el("span", "msg-author", m.author.name));
  if (m.author.isApp) meta.append(el("span", "app-tag", "APP"));
  const time = el("time", "msg-time", m.time);
  time.title = m.day;
  meta.append(time);
  if (m.edited) meta.append(el("span", "msg-edited", "(edited)"));

  const body = el("div", "msg-body");
  // Rendered by the server from Block Kit / mrkdwn, with every piece of text escaped there.
  body.innerHTML = m.html;
  const main = el("div", "msg-main");
  if (m.pinned) main.append(el("div", "msg-pinned", "Pinned"));
  main.append(meta, body);
  if (m.ephemeral) {
    const note = el("div", "msg-ephemeral-note");
    note.append(emoji("eye", ""), " Only visible to you");
    main.append(note);
  }
  if (!opts.inThread && !m.ephemeral) {
    const label = m.replyCount > 0 ? `${m.replyCount} ${m.replyCount === 1 ? "reply" : "replies"}` : "Reply in thread";
    const replies = el("button", m.replyCount > 0 ? "msg-replies" : "msg-reply-start", label);
    replies.type = "button";
    replies.dataset.thread = m.ts;
    main.append(replies);
  }
  article.append(avatar, main);
  // The app's message shortcuts; Slack offers none on an ephemeral message.
  const more = m.ephemeral ? null : moreActions(m.ts, opts.inThread ? "#thread-messages" : "#messages");
  if (more) article.append(more);
  return article;
}

/**
 * Goes to a conversation; with a message ts, opens its thread (a permalink to a post or a reply).
 * @param {string} channel
 * @param {string | undefined} [ts]
 */
export async function openConversation(channel, ts) {
  state.channel = channel;
  state.thread = ts;
  history.replaceState(null, "", `#${query({ channel, ts })}`);
  await loadConversation();
  await loadThread();
}

export function wireMessages() {
  document.addEventListener("click", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    // The sidebar's links, and channel links in messages.
    const nav = /** @type {HTMLElement | null} */ (target.closest("[data-channel-id]"));
    if (nav && (nav.classList.contains("nav-item") || nav.classList.contains("bk-channel"))) {
      event.preventDefault();
      void openConversation(nav.dataset.channelId ?? "");
      return;
    }
    const thread = /** @type {HTMLElement | null} */ (target.closest("[data-thread]"));
    if (thread) {
      state.thread = thread.dataset.thread;
      void loadThread().then(() => $("thread-input").focus());
    }
  });
  $("thread-close").addEventListener("click", () => {
    const parent = state.thread;
    state.thread = undefined;
    void loadThread();
    // Back to the message whose thread it was.
    /** @type {HTMLElement | null} */ (document.querySelector(`#messages [data-thread="${CSS.escape(parent ?? "")}"]`))?.focus();
  });

  const inView = /** @param {import("./state.js").LiveChange} change */ (change) => change.channel === state.channel;
  const mine = /** @param {import("./state.js").LiveChange} change */ (change) => change.user === state.as && inView(change);
  registerSurface({
    name: "conversation",
    load: loadConversation,
    on: {
      message: (change) => void (inView(change) && loadConversation()),
      ephemeral: (change) => void (mine(change) && loadConversation()),
    },
  });
  registerSurface({
    name: "thread",
    load: loadThread,
    on: {
      message: (change) => void (inView(change) && state.thread && loadThread()),
      ephemeral: (change) => void (mine(change) && state.thread && loadThread()),
    },
  });
}
