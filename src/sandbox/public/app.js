// @ts-check
/**
 * The sandbox page: a small Slack client for the emulated workspace. It acts as one person at a
 * time, shows what that person sees (rendered to HTML by the server, which escapes all text), and
 * turns clicks, menus, the composer and modal forms into the same requests a Slack client makes.
 * Live changes arrive as server-sent events; the page refetches what they concern.
 */

/** @typedef {{ id: string; name: string; realName: string; title: string; tz: string }} Person */
/** @typedef {{ id: string; name: string; isPrivate: boolean; isIm: boolean }} ChannelItem */
/** @typedef {{ team: string; app: string; me: Person; people: Person[]; channels: ChannelItem[]; dms: ChannelItem[]; commands: { command: string; description?: string; usageHint?: string }[]; clock: { now: number; offsetMs: number; label: string }; firstChannel?: string }} WorkspaceView */
/** @typedef {{ ts: string; author: { id: string; name: string; isApp: boolean }; time: string; day: string; html: string; edited: boolean; ephemeral: boolean; replyCount: number; threadTs?: string }} MessageView */
/** @typedef {{ channel: ChannelItem & { topic: string; title: string; appIsMember: boolean }; messages: MessageView[] }} ConversationView */
/** @typedef {{ id: string; title: string; submit?: string; close: string; body: string }} ModalView */
/** @typedef {string | string[] | null} RawInput */
/** @typedef {Record<string, Record<string, RawInput>>} RawInputs */

const API = "/sandbox/api/";

/** @param {string} id */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

const state = {
  /** @type {string | undefined} who the page acts as */
  as: localStorage.getItem("sandbox.as") ?? undefined,
  /** @type {string | undefined} */
  channel: undefined,
  /** @type {string | undefined} the open thread's parent ts */
  thread: undefined,
  /** @type {WorkspaceView | undefined} */
  workspace: undefined,
  /** @type {string | undefined} id of the modal on screen */
  modalId: undefined,
  /** @type {Set<string>} channels with news since last looked at */
  unread: new Set(),
};

// ------------------------------------------------------------------ HTTP

/** @param {string} path */
async function getJson(path) {
  const res = await fetch(API + path, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** @param {string} path @param {unknown} body */
async function postJson(path, body) {
  const res = await fetch(API + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  return answer;
}

/** @param {Record<string, string | undefined>} params */
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return q.toString();
}

// ------------------------------------------------------------------ workspace and sidebar

async function loadWorkspace() {
  /** @type {WorkspaceView} */
  const ws = await getJson(`workspace?${query({ as: state.as })}`);
  state.workspace = ws;
  state.as = ws.me.id;
  localStorage.setItem("sandbox.as", ws.me.id);
  $("team").textContent = ws.team;
  renderActAs(ws);
  renderSidebar(ws);
  renderClock(ws);
  const visible = [...ws.channels, ...ws.dms].map((c) => c.id);
  if (!state.channel || !visible.includes(state.channel)) {
    state.channel = ws.firstChannel && visible.includes(ws.firstChannel) ? ws.firstChannel : visible[0];
    state.thread = undefined;
  }
}

/** @param {WorkspaceView} ws */
function renderActAs(ws) {
  const select = /** @type {HTMLSelectElement} */ ($("act-as"));
  select.replaceChildren(
    ...ws.people.map((p) => {
      const option = document.createElement("option");
      option.value = p.id;
      option.textContent = p.title ? `${p.realName} — ${p.title}` : p.realName;
      option.selected = p.id === ws.me.id;
      return option;
    }),
  );
}

/** @param {WorkspaceView} ws */
function renderSidebar(ws) {
  /** @param {ChannelItem} c @param {string} label */
  const item = (c, label) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `#${query({ channel: c.id })}`;
    a.dataset.channelId = c.id;
    a.className = "nav-item";
    if (c.id === state.channel) a.setAttribute("aria-current", "page");
    if (state.unread.has(c.id)) a.classList.add("unread");
    const icon = document.createElement("span");
    icon.className = "nav-icon";
    icon.textContent = c.isIm ? "●" : c.isPrivate ? "🔒" : "#";
    icon.setAttribute("aria-hidden", "true");
    const name = document.createElement("span");
    name.textContent = label;
    a.append(icon, name);
    li.append(a);
    return li;
  };
  $("channels").replaceChildren(...ws.channels.map((c) => item(c, c.name)));
  $("dms").replaceChildren(...ws.dms.map((c) => item(c, c.name)));
}

/** @param {WorkspaceView} ws */
function renderClock(ws) {
  const clock = $("clock");
  const travelled = ws.clock.offsetMs !== 0;
  clock.textContent = travelled ? `⏱ ${ws.clock.label} (+${formatOffset(ws.clock.offsetMs)})` : `⏱ ${ws.clock.label}`;
  clock.classList.toggle("travelled", travelled);
  /** @type {HTMLButtonElement} */ ($("real-time")).disabled = !travelled;
}

/** @param {number} ms */
function formatOffset(ms) {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return [days ? `${days} d` : "", hours ? `${hours} h` : "", mins ? `${mins} min` : ""].filter(Boolean).join(" ") || "0 min";
}

// ------------------------------------------------------------------ conversations

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
  renderMessages($("messages"), conv.messages, { inThread: false });
  for (const a of document.querySelectorAll(".nav-item")) {
    const link = /** @type {HTMLElement} */ (a);
    if (link.dataset.channelId === state.channel) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
    link.classList.toggle("unread", state.unread.has(link.dataset.channelId ?? ""));
  }
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
  const nodes = [];
  let day = "";
  for (const m of messages) {
    if (m.day !== day && !opts.inThread) {
      day = m.day;
      const divider = document.createElement("div");
      divider.className = "day-divider";
      divider.textContent = m.day;
      nodes.push(divider);
    }
    nodes.push(messageNode(m, opts));
  }
  if (messages.length === 0) {
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.textContent = opts.inThread ? "No replies yet." : "No messages yet.";
    nodes.push(empty);
  }
  container.replaceChildren(...nodes);
  if (stick) container.scrollTop = container.scrollHeight;
}

/** @param {MessageView} m @param {{ inThread: boolean }} opts */
function messageNode(m, opts) {
  const article = el("article", "msg");
  article.classList.toggle("msg-ephemeral", m.ephemeral);
  article.classList.toggle("msg-app", m.author.isApp);
  article.dataset.ts = m.ts;
  if (m.ephemeral) article.dataset.ephemeral = "true";

  const avatar = el("div", "msg-avatar", m.author.isApp ? "⚡" : initials(m.author.name));
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
  main.append(meta, body);
  if (m.ephemeral) main.append(el("div", "msg-ephemeral-note", "👁 Only visible to you"));
  if (!opts.inThread && !m.ephemeral) {
    const label = m.replyCount > 0 ? `${m.replyCount} ${m.replyCount === 1 ? "reply" : "replies"}` : "Reply in thread";
    const replies = el("button", m.replyCount > 0 ? "msg-replies" : "msg-reply-start", label);
    replies.setAttribute("type", "button");
    replies.dataset.thread = m.ts;
    main.append(replies);
  }
  article.append(avatar, main);
  return article;
}

/**
 * An element with a class and text (as text: never markup).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} [className] @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** @param {string} name */
function initials(name) {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

// ------------------------------------------------------------------ modal

async function loadModal() {
  if (!state.as) return;
  /** @type {{ modal: ModalView | null }} */
  const { modal } = await getJson(`modal?${query({ as: state.as })}`);
  showModal(modal);
}

/** @param {ModalView | null} modal */
function showModal(modal) {
  const backdrop = $("modal");
  if (!modal) {
    backdrop.hidden = true;
    state.modalId = undefined;
    return;
  }
  // The same modal again (e.g. after errors): keep what the person typed.
  if (modal.id === state.modalId && !backdrop.hidden && $("modal-body").dataset.html === modal.body) return;
  state.modalId = modal.id;
  $("modal-title").innerHTML = modal.title;
  $("modal-body").innerHTML = modal.body;
  $("modal-body").dataset.html = modal.body;
  $("modal-close").innerHTML = modal.close;
  const submit = /** @type {HTMLButtonElement} */ ($("modal-submit"));
  submit.hidden = modal.submit === undefined;
  submit.innerHTML = modal.submit ?? "";
  submit.disabled = false;
  $("modal-problem").hidden = true;
  backdrop.hidden = false;
  const first = /** @type {HTMLElement | null} */ ($("modal-body").querySelector("input, textarea, select"));
  first?.focus();
}

/** What the person entered in the modal, by block and action, as the server expects it. */
function collectInputs() {
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
function valueOf(element) {
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

/** @param {Record<string, string>} errors */
function showModalErrors(errors) {
  const body = $("modal-body");
  for (const old of body.querySelectorAll(".bk-error")) old.remove();
  for (const block of body.querySelectorAll(".bk-has-error")) block.classList.remove("bk-has-error");
  let first = /** @type {HTMLElement | null} */ (null);
  for (const [blockId, message] of Object.entries(errors)) {
    const block = /** @type {HTMLElement | null} */ (body.querySelector(`.bk-input-block[data-block-id="${CSS.escape(blockId)}"]`));
    if (!block) continue;
    const error = document.createElement("div");
    error.className = "bk-error";
    error.setAttribute("role", "alert");
    error.textContent = message;
    block.classList.add("bk-has-error");
    block.append(error);
    first ??= block;
  }
  first?.scrollIntoView({ block: "center" });
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
  }
}

/** @param {string} text */
function showModalProblem(text) {
  const problem = $("modal-problem");
  problem.textContent = text;
  problem.hidden = false;
}

async function closeModal() {
  if (!state.modalId || !state.as) return;
  await postJson("modal/close", { as: state.as, viewId: state.modalId });
  await loadModal();
}

// ------------------------------------------------------------------ interactive elements

/** @typedef {{ title?: string; text?: string; confirm?: string; deny?: string; style?: string }} ConfirmSpec */

/**
 * A confirmation dialog, as Slack shows for an element with a confirm object.
 * @param {ConfirmSpec} spec
 * @returns {Promise<boolean>}
 */
function askToConfirm(spec) {
  const dialog = $("confirm");
  $("confirm-title").textContent = spec.title || "Are you sure?";
  $("confirm-text").textContent = spec.text ?? "";
  const ok = /** @type {HTMLButtonElement} */ ($("confirm-ok"));
  const deny = /** @type {HTMLButtonElement} */ ($("confirm-deny"));
  ok.textContent = spec.confirm || "Yes";
  deny.textContent = spec.deny || "Cancel";
  ok.classList.toggle("danger", spec.style === "danger");
  dialog.hidden = false;
  ok.focus();
  return new Promise((resolve) => {
    /** @param {boolean} answer */
    const done = (answer) => {
      dialog.hidden = true;
      ok.onclick = null;
      deny.onclick = null;
      resolve(answer);
    };
    ok.onclick = () => done(true);
    deny.onclick = () => done(false);
  });
}

/** True when the element has no confirm dialog, or the person confirmed it. @param {HTMLElement} element */
function confirmed(element) {
  const raw = element.dataset.confirm;
  if (!raw) return Promise.resolve(true);
  try {
    return askToConfirm(/** @type {ConfirmSpec} */ (JSON.parse(raw)));
  } catch {
    return Promise.resolve(true);
  }
}

/**
 * Sends what a person did with an element of a message or of the open modal.
 * @param {HTMLElement} element
 * @param {RawInput} value
 */
async function useElement(element, value) {
  if (!state.as) return;
  const blockId = element.dataset.blockId ?? "";
  const actionId = element.dataset.actionId ?? "";
  if (!(await confirmed(element))) return;
  const inModal = element.closest("#modal-body") !== null;
  const message = /** @type {HTMLElement | null} */ (element.closest("article.msg"));
  /** @type {Record<string, unknown>} */
  const body = { as: state.as, blockId, actionId, value };
  if (inModal && state.modalId) {
    Object.assign(body, { viewId: state.modalId, inputs: collectInputs() });
  } else if (message && state.channel) {
    Object.assign(body, { channel: state.channel, messageTs: message.dataset.ts, ephemeral: message.dataset.ephemeral === "true" });
  } else {
    return;
  }
  const answer = await postJson("action", body);
  if (answer.ok === false && answer.error !== "element_not_found") toast(`That did not reach the app: ${answer.error}`);
}

/** Links to this page (the app's permalinks) open in the page; others in a new tab. @param {string} href */
function openLink(href) {
  const url = new URL(href, location.href);
  if (url.origin === location.origin && url.pathname.startsWith("/archives/")) {
    const [, , channel, p] = url.pathname.split("/");
    const m = /^p(\d+)(\d{6})$/.exec(p ?? "");
    const ts = url.searchParams.get("thread_ts") ?? (m ? `${m[1]}.${m[2]}` : undefined);
    if (channel) void openConversation(channel, ts);
    return;
  }
  window.open(url.href, "_blank", "noopener,noreferrer");
}

/**
 * Goes to a conversation; with a message ts, opens its thread (a permalink to a post or a reply).
 * @param {string} channel
 * @param {string | undefined} [ts]
 */
async function openConversation(channel, ts) {
  state.channel = channel;
  state.thread = ts;
  history.replaceState(null, "", `#${query({ channel, ts })}`);
  await loadConversation();
  await loadThread();
}

// ------------------------------------------------------------------ channels

function openNewChannel() {
  const name = /** @type {HTMLInputElement} */ ($("new-channel-name"));
  name.value = "";
  /** @type {HTMLInputElement} */ ($("new-channel-private")).checked = false;
  $("new-channel-problem").hidden = true;
  $("new-channel-dialog").hidden = false;
  name.focus();
}

function closeNewChannel() {
  $("new-channel-dialog").hidden = true;
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
      const problem = $("new-channel-problem");
      problem.textContent = CHANNEL_NAME_PROBLEMS[answer.error] ?? `Slack refused it: ${answer.error}`;
      problem.hidden = false;
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

// ------------------------------------------------------------------ composer

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
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.command = c.command;
      const cmd = document.createElement("strong");
      cmd.textContent = c.command;
      const hint = document.createElement("span");
      hint.textContent = [c.usageHint, c.description].filter(Boolean).join(" — ");
      button.append(cmd, " ", hint);
      li.append(button);
      return li;
    }),
  );
  list.hidden = false;
}

function hideHints() {
  $("command-hints").hidden = true;
}

// ------------------------------------------------------------------ toasts and API log

/** @param {string} text @param {"error" | "info"} [kind] */
function toast(text, kind = "error") {
  const box = document.createElement("div");
  box.className = `toast toast-${kind}`;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.textContent = text;
  $("toasts").append(box);
  setTimeout(() => box.remove(), 8_000);
}

/** @param {{ method: string; ok: boolean; error?: string; detail?: string[]; channel?: string; at: number }} call */
function logCall(call) {
  const li = document.createElement("li");
  li.className = call.ok ? "call-ok" : "call-error";
  const time = document.createElement("time");
  time.textContent = new Date(call.at).toLocaleTimeString();
  const method = document.createElement("code");
  method.textContent = call.method;
  li.append(time, " ", method);
  if (call.channel) li.append(` ${call.channel}`);
  if (!call.ok) li.append(` → ${call.error}${call.detail?.length ? `: ${call.detail.join("; ")}` : ""}`);
  const list = $("api-log-list");
  list.prepend(li);
  while (list.childElementCount > 200) list.lastElementChild?.remove();
}

/**
 * An Events API callback the workspace sent the app (a channel created, the app invited).
 * @param {{ event: string; state: string; error?: string; at: number }} sent
 */
function logAppEvent(sent) {
  const li = document.createElement("li");
  li.className = sent.state === "failed" ? "call-error" : "app-event";
  const time = document.createElement("time");
  time.textContent = new Date(sent.at).toLocaleTimeString();
  const name = document.createElement("code");
  name.textContent = sent.event;
  li.append(time, " event ", name, sent.state === "failed" ? ` → ${sent.error}` : ` ${sent.state}`);
  const list = $("api-log-list");
  list.prepend(li);
  while (list.childElementCount > 200) list.lastElementChild?.remove();
}

/** Refusals a person would never see in Slack but the bot's author must: shown, not swallowed. */
const QUIET_ERRORS = new Set(["ratelimited", "users_not_found", "thread_not_found"]);

// ------------------------------------------------------------------ live updates

function listen() {
  const source = new EventSource(`${API}events`);
  source.onmessage = (event) => {
    /** @type {{ type: string; channel?: string; user?: string; threadTs?: string; method?: string; ok?: boolean; error?: string; detail?: string[]; at?: number; event?: string; state?: string }} */
    const change = JSON.parse(event.data);
    switch (change.type) {
      case "message":
        if (change.channel === state.channel) {
          void loadConversation();
          if (state.thread) void loadThread();
        } else if (change.channel) {
          state.unread.add(change.channel);
          markUnread(change.channel);
        }
        break;
      case "ephemeral":
        if (change.user === state.as && change.channel === state.channel) {
          void loadConversation();
          if (state.thread) void loadThread();
        }
        break;
      case "view":
        if (change.user === state.as) void loadModal();
        break;
      case "channels":
      case "clock":
        void refreshAll();
        break;
      case "call":
        logCall(/** @type {any} */ (change));
        if (change.ok === false && !QUIET_ERRORS.has(change.error ?? "")) {
          toast(`Slack refused the app's ${change.method}: ${change.error}${change.detail?.length ? ` — ${change.detail[0]}` : ""}`);
        }
        break;
      case "app_event":
        // Logged once, when the app has answered.
        if (change.state !== "sent") logAppEvent(/** @type {any} */ (change));
        break;
      case "reset":
        void waitForReset();
        break;
    }
  };
}

/** @param {string} channel */
function markUnread(channel) {
  for (const a of document.querySelectorAll(".nav-item")) {
    const link = /** @type {HTMLElement} */ (a);
    if (link.dataset.channelId === channel) link.classList.add("unread");
  }
}

async function refreshAll() {
  await loadWorkspace();
  await Promise.all([loadConversation(), loadThread(), loadModal()]);
}

/** After a reset the server restarts: wait until it answers again, then start over. */
async function waitForReset() {
  $("resetting").hidden = false;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 300));
    try {
      const res = await fetch(`${API}workspace`);
      if (res.ok) {
        location.hash = "";
        location.reload();
        return;
      }
    } catch {
      // still restarting
    }
  }
}

// ------------------------------------------------------------------ wiring

function wire() {
  document.addEventListener("click", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const nav = /** @type {HTMLElement | null} */ (target.closest("[data-channel-id]"));
    if (nav && (nav.classList.contains("nav-item") || nav.classList.contains("bk-channel"))) {
      event.preventDefault();
      void openConversation(nav.dataset.channelId ?? "");
      return;
    }
    const thread = /** @type {HTMLElement | null} */ (target.closest("[data-thread]"));
    if (thread) {
      state.thread = thread.dataset.thread;
      void loadThread();
      return;
    }
    const button = /** @type {HTMLElement | null} */ (target.closest('[data-bk="button"]'));
    if (button) {
      event.preventDefault();
      if (button.dataset.url) openLink(button.dataset.url);
      void useElement(button, button.dataset.value ?? null);
      return;
    }
    const link = /** @type {HTMLAnchorElement | null} */ (target.closest("a[href]"));
    if (link && link.closest(".msg-body, #modal-body")) {
      event.preventDefault();
      openLink(link.href);
      return;
    }
    const hint = /** @type {HTMLElement | null} */ (target.closest("[data-command]"));
    if (hint) {
      const input = /** @type {HTMLTextAreaElement} */ ($("composer-input"));
      input.value = `${hint.dataset.command} `;
      hideHints();
      input.focus();
    }
  });

  // Menus, pickers, radio buttons and checkboxes on messages (and actions blocks in modals) act at once;
  // inputs inside a modal's input blocks only when they ask to (dispatch_action).
  document.addEventListener("change", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const element = /** @type {HTMLElement | null} */ (target.closest("[data-bk]"));
    if (!element || element.dataset.bk === "button") return;
    const inputBlock = /** @type {HTMLElement | null} */ (element.closest(".bk-input-block"));
    if (inputBlock && inputBlock.dataset.dispatchAction !== "true") return;
    if (!element.closest("#modal-body, article.msg")) return;
    const value = valueOf(element);
    if (value === null || (Array.isArray(value) && value.length === 0 && element.dataset.bk !== "checkboxes")) return;
    void useElement(element, value);
    // A message menu goes back to its placeholder, as in Slack, so the same choice can be made again.
    if (!inputBlock && element instanceof HTMLSelectElement && element.closest("article.msg")) element.value = "";
  });

  $("act-as").addEventListener("change", (event) => {
    state.as = /** @type {HTMLSelectElement} */ (event.target).value;
    state.thread = undefined;
    void refreshAll();
  });
  for (const button of document.querySelectorAll("[data-travel]")) {
    button.addEventListener("click", () => void postJson("clock", { advanceMs: Number(/** @type {HTMLElement} */ (button).dataset.travel) }));
  }
  $("real-time").addEventListener("click", () => void postJson("clock", { realTime: true }));
  $("reset").addEventListener("click", async () => {
    const spec = {
      title: "Reset the sandbox?",
      text: "Every escalation and message in the sandbox is deleted, and the clock goes back to real time.",
      confirm: "Reset",
      deny: "Keep it",
      style: "danger",
    };
    if (!(await askToConfirm(spec))) return;
    await postJson("reset", {});
    void waitForReset();
  });
  const log = $("api-log");
  $("api-log-toggle").addEventListener("click", () => {
    log.hidden = !log.hidden;
    $("api-log-toggle").setAttribute("aria-pressed", String(!log.hidden));
  });
  $("api-log-close").addEventListener("click", () => {
    log.hidden = true;
    $("api-log-toggle").setAttribute("aria-pressed", "false");
  });
  $("thread-close").addEventListener("click", () => {
    state.thread = undefined;
    void loadThread();
  });

  const composer = /** @type {HTMLTextAreaElement} */ ($("composer-input"));
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    void send(composer, undefined);
  });
  composer.addEventListener("input", showHints);
  const threadInput = /** @type {HTMLTextAreaElement} */ ($("thread-input"));
  $("thread-composer").addEventListener("submit", (event) => {
    event.preventDefault();
    void send(threadInput, state.thread);
  });
  for (const input of [composer, threadInput]) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        input.form?.requestSubmit();
      }
    });
  }

  $("new-channel").addEventListener("click", openNewChannel);
  $("new-channel-cancel").addEventListener("click", closeNewChannel);
  $("new-channel-form").addEventListener("submit", (event) => void createChannel(/** @type {SubmitEvent} */ (event)));
  $("invite-app").addEventListener("click", () => void inviteApp());

  $("modal-form").addEventListener("submit", (event) => void submitModal(/** @type {SubmitEvent} */ (event)));
  $("modal-close").addEventListener("click", () => void closeModal());
  $("modal-x").addEventListener("click", () => void closeModal());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("new-channel-dialog").hidden) closeNewChannel();
    else if (event.key === "Escape" && !$("modal").hidden && $("confirm").hidden) void closeModal();
  });
}

async function start() {
  wire();
  const fromHash = new URLSearchParams(location.hash.slice(1));
  await loadWorkspace();
  const channel = fromHash.get("channel");
  if (channel) state.channel = channel;
  const ts = fromHash.get("ts");
  if (ts) state.thread = ts;
  await Promise.all([loadConversation(), loadThread(), loadModal()]);
  listen();
  document.body.dataset.ready = "true";
}

void start();
