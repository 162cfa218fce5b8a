// @ts-check
import { $, emoji } from "./dom.js";
import { postJson } from "./http.js";

/** The bot's clock in the top bar, and time travel: the bot's injected clock moves, nothing else. */

/** The sandbox's clock minus this browser's, as of the last workspace load (time travel moves it). */
let skewMs = 0;

/** Now on the sandbox's clock: real time plus the offset the page travelled, as the bot sees it. */
function sandboxNow() {
  return Date.now() + skewMs;
}

/** @param {import("./state.js").WorkspaceView} ws */
export function renderClock(ws) {
  skewMs = ws.clock.now - Date.now();
  const clock = $("clock");
  const travelled = ws.clock.offsetMs !== 0;
  const label = travelled ? `${ws.clock.label} (+${formatOffset(ws.clock.offsetMs)})` : ws.clock.label;
  clock.replaceChildren(emoji("stopwatch", ""), ` ${label}`);
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

/**
 * Slack's `{ago}` ("3 minutes ago") counts on while a message is read; the server renders it as of
 * the sandbox's clock (each `bk-ago` span keeps its instant), and here it is counted on as that
 * clock runs, without refetching the message. A jump in time refetches everything anyway.
 */
const UNITS = /** @type {const} */ ([
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
]);

/** The largest whole unit, counted down, as the server's slack-date.ts `ago()` says it. @param {number} thenMs @param {number} nowMs */
function ago(thenMs, nowMs) {
  const seconds = Math.floor(Math.abs(nowMs - thenMs) / 1000);
  for (const [unit, size] of UNITS) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      const phrase = `${n} ${unit}${n === 1 ? "" : "s"}`;
      return thenMs > nowMs ? `in ${phrase}` : `${phrase} ago`;
    }
  }
  return "just now";
}

/** Every `{ago}` on the page, as of the sandbox's clock now. */
export function refreshAgo() {
  const now = sandboxNow();
  for (const span of document.querySelectorAll(".bk-ago[data-ago]")) {
    const text = ago(Number(/** @type {HTMLElement} */ (span).dataset.ago), now);
    if (span.textContent !== text) span.textContent = text;
  }
}

export function wireClock() {
  setInterval(refreshAgo, 15_000);
  for (const button of document.querySelectorAll("[data-travel]")) {
    button.addEventListener("click", () => void postJson("clock", { advanceMs: Number(/** @type {HTMLElement} */ (button).dataset.travel) }));
  }
  $("real-time").addEventListener("click", () => void postJson("clock", { realTime: true }));
}
