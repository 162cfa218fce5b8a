// @ts-check
import { $, emoji } from "./dom.js";
import { postJson } from "./http.js";

/** The bot's clock in the top bar, and time travel: the bot's injected clock moves, nothing else. */

/** @param {import("./state.js").WorkspaceView} ws */
export function renderClock(ws) {
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

export function wireClock() {
  for (const button of document.querySelectorAll("[data-travel]")) {
    button.addEventListener("click", () => void postJson("clock", { advanceMs: Number(/** @type {HTMLElement} */ (button).dataset.travel) }));
  }
  $("real-time").addEventListener("click", () => void postJson("clock", { realTime: true }));
}
