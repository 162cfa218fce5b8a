// @ts-check
import { askToConfirm } from "./confirm.js";
import { $ } from "./dom.js";
import { API, postJson } from "./http.js";
import { registerSurface } from "./surfaces.js";

/** Reset sandbox: confirmed first; then every open page waits for the restarted server and starts over. */

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

export function wireReset() {
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
  registerSurface({ name: "reset", on: { reset: () => void waitForReset() } });
}
