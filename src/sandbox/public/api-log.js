// @ts-check
import { $ } from "./dom.js";
import { registerSurface } from "./surfaces.js";

/** Toasts, and the log of the Web API calls the app makes and the events the workspace sends it. */

/** @param {string} text @param {"error" | "info"} [kind] */
export function toast(text, kind = "error") {
  const box = document.createElement("div");
  box.className = `toast toast-${kind}`;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.textContent = text;
  $("toasts").append(box);
  setTimeout(() => box.remove(), 8_000);
}

/** @param {HTMLLIElement} li */
function prepend(li) {
  const list = $("api-log-list");
  list.prepend(li);
  while (list.childElementCount > 200) list.lastElementChild?.remove();
}

/** @param {number} at */
function timeOf(at) {
  const time = document.createElement("time");
  time.dateTime = new Date(at).toISOString();
  time.textContent = new Date(at).toLocaleTimeString();
  return time;
}

/** @param {{ method?: string; ok?: boolean; error?: string; detail?: string[]; channel?: string; at?: number }} call */
function logCall(call) {
  const li = document.createElement("li");
  li.className = call.ok ? "call-ok" : "call-error";
  const method = document.createElement("code");
  method.textContent = call.method ?? "";
  li.append(timeOf(call.at ?? Date.now()), " ", method);
  if (call.channel) li.append(` ${call.channel}`);
  if (!call.ok) li.append(` → ${call.error}${call.detail?.length ? `: ${call.detail.join("; ")}` : ""}`);
  prepend(li);
}

/**
 * An Events API callback the workspace sent the app (a channel created, the app invited).
 * @param {{ event?: string; state?: string; error?: string; at?: number }} sent
 */
function logAppEvent(sent) {
  const li = document.createElement("li");
  li.className = sent.state === "failed" ? "call-error" : "app-event";
  const name = document.createElement("code");
  name.textContent = sent.event ?? "";
  li.append(timeOf(sent.at ?? Date.now()), " event ", name, sent.state === "failed" ? ` → ${sent.error}` : ` ${sent.state}`);
  prepend(li);
}

/** Refusals a person would never see in Slack but the bot's author must: shown, not swallowed. */
const QUIET_ERRORS = new Set(["ratelimited", "users_not_found", "thread_not_found"]);

export function wireApiLog() {
  const log = $("api-log");
  const toggle = $("api-log-toggle");
  toggle.addEventListener("click", () => {
    log.hidden = !log.hidden;
    toggle.setAttribute("aria-pressed", String(!log.hidden));
  });
  $("api-log-close").addEventListener("click", () => {
    log.hidden = true;
    toggle.setAttribute("aria-pressed", "false");
    toggle.focus();
  });
  registerSurface({
    name: "api-log",
    on: {
      call: (change) => {
        logCall(change);
        if (change.ok === false && !QUIET_ERRORS.has(change.error ?? "")) {
          const who = /^(pagerduty|webhook)\./.test(change.method ?? "") ? "The integration" : "Slack";
          toast(`${who} refused the app's ${change.method}: ${change.error}${change.detail?.length ? ` — ${change.detail[0]}` : ""}`);
        }
      },
      // Logged once, when the app has answered.
      app_event: (change) => {
        if (change.state !== "sent") logAppEvent(change);
      },
    },
  });
}
