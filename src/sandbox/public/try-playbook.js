// @ts-check
import { closeDialog, openDialog } from "./dialog.js";
import { el } from "./dom.js";
import { addHeaderAction } from "./header.js";
import { getJson, postJson } from "./http.js";

/**
 * "Try the playbook": a dialog from the top bar that asks what the bot would decide for an
 * escalation (text, tier, the playbook's fields, when it opens, whether the customer asked to
 * escalate) and shows the answer as `escalation-bot policy simulate` prints it: decision, route,
 * deadlines with their calendar steps, checklist, why, and the playbook lines used. The server runs
 * the simulation on the playbook the sandbox runs (src/sandbox/page/try-playbook.ts). Everything
 * shown goes in as text.
 */

/**
 * @typedef {{ what: string; file: string; line: number; endLine: number; text: string; comments: string[] }} Line
 * @typedef {{ iso: string; local: string }} When
 * @typedef {{ kind: string; label: string; due: When; target: string; clock: { name: string; chosenBy: string }; tierModifier: string | null; steps: { kind: string; text: string }[]; lines: Line[] }} Deadline
 * @typedef {{ id: string; label: string }} Named
 * @typedef {{
 *   playbook: { name: string; file: string }; openedAt: When;
 *   severity: Named & { chosen: string | null }; category: Named; alsoCategories: Named[]; matched: { label: string; found: string }[]; tier: Named;
 *   route: { level: Named; channels: string[]; restricted: boolean; detailsOnlyIn: string[]; notify: string[]; cc: string[]; alsoLevels: Named[] };
 *   dms: { role: string; label: string }[]; levelManager: { role: string; label: string } | null; pages: boolean;
 *   checklist: Named[]; deadlines: Deadline[]; reasons: string[]; lines: Line[];
 * }} Report
 * @typedef {{ id: string; label: string; kind: "number" | "text" | "checkbox"; hint?: string }} Field
 * @typedef {{ name: string; zone: string; now: string; defaultTier: string; tiers: Named[]; fields: Field[] }} PlaybookForm
 */

const ID = "try-playbook";

/** @param {string} id @param {string} text @param {HTMLElement} control */
function labelled(id, text, control) {
  control.id = id;
  const label = el("label", "bk-label", text);
  label.htmlFor = id;
  const wrap = el("div", "try-field");
  wrap.append(label, control);
  return wrap;
}

/** The dialog, built once: the form on top, the answer below it. */
function build() {
  const backdrop = el("div", "backdrop");
  backdrop.id = ID;
  backdrop.hidden = true;
  const dialog = el("div", "modal try-playbook");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.setAttribute("aria-labelledby", `${ID}-title`);
  const header = el("div", "modal-header");
  const title = el("h2", undefined, "Try the playbook");
  title.id = `${ID}-title`;
  const close = el("button", "icon-button", "×");
  close.type = "button";
  close.setAttribute("aria-label", "Close Try the playbook");
  header.append(title, close);

  const form = el("form", "try-form");
  form.noValidate = true;
  form.autocomplete = "off";
  const intro = el("p", "try-intro", "");
  intro.id = `${ID}-intro`;
  const text = el("textarea", "bk-text-input");
  text.rows = 3;
  const tier = el("select", "bk-select");
  const fields = el("fieldset", "try-fields");
  const at = el("input", "bk-text-input");
  at.setAttribute("aria-describedby", `${ID}-at-hint`);
  const atHint = el("p", "bk-hint", "");
  atHint.id = `${ID}-at-hint`;
  const asked = el("input");
  asked.type = "checkbox";
  asked.id = `${ID}-asked`;
  const askedLabel = el("label", "try-check", "");
  askedLabel.append(asked, " The customer asked to escalate");
  const problem = el("div", "modal-problem");
  problem.id = `${ID}-problem`;
  problem.setAttribute("role", "alert");
  problem.hidden = true;
  const submit = el("button", "primary try-submit", "Simulate");
  submit.type = "submit";
  const atWrap = labelled(`${ID}-at`, "Opened at", at);
  atWrap.append(atHint);
  form.append(intro, labelled(`${ID}-text`, "What the customer reports", text), labelled(`${ID}-tier`, "Customer tier", tier), fields, atWrap, askedLabel, problem, submit);

  // The answer is long: a screen reader hears its gist here, then reads on below at will.
  const status = el("p", "try-status");
  status.id = `${ID}-status`;
  status.setAttribute("role", "status");
  const result = el("section", "try-result");
  result.setAttribute("aria-label", "What the bot would decide");
  const body = el("div", "modal-body try-body");
  body.append(form, status, result);
  dialog.append(header, body);
  backdrop.append(dialog);
  document.body.append(backdrop);
  return { backdrop, close, form, intro, text, tier, fields, at, atHint, asked, problem, submit, status, result };
}

/** @typedef {ReturnType<typeof build>} Parts */

/** @param {Parts} p @param {PlaybookForm} form */
function fill(p, form) {
  p.intro.textContent = `What ${form.name} would decide for an escalation opened now or at another time. Nothing is posted.`;
  const chosen = p.tier.value || form.defaultTier;
  p.tier.replaceChildren(...form.tiers.map((t) => new Option(t.label, t.id, false, t.id === chosen)));
  if (p.fields.dataset.filled !== "true") {
    const legend = el("legend", "bk-label", "The playbook's form fields");
    p.fields.replaceChildren(legend);
    for (const f of form.fields) {
      const input = el("input", f.kind === "checkbox" ? "" : "bk-text-input");
      input.name = f.id;
      if (f.kind === "checkbox") {
        input.type = "checkbox";
        input.id = `${ID}-field-${f.id}`;
        const label = el("label", "try-check");
        label.append(input, ` ${f.label}`);
        p.fields.append(label);
      } else {
        if (f.kind === "number") input.inputMode = "decimal";
        const wrap = labelled(`${ID}-field-${f.id}`, f.label, input);
        if (f.hint) {
          const hint = el("p", "bk-hint", f.hint);
          hint.id = `${ID}-field-${f.id}-hint`;
          input.setAttribute("aria-describedby", hint.id);
          wrap.append(hint);
        }
        p.fields.append(wrap);
      }
    }
    p.fields.hidden = form.fields.length === 0;
    p.fields.dataset.filled = "true";
  }
  p.at.value = form.now;
  p.atHint.textContent = `ISO time with its offset, e.g. 2026-12-24T18:00-08:00. Filled with the sandbox clock's now (${form.zone}).`;
}

/** @param {string} text @param {HTMLElement} parent @param {"h3" | "h4"} [tag] */
const heading = (text, parent, tag = "h3") => parent.appendChild(el(tag, "try-heading", text));

/** @param {[string, string][]} rows */
function terms(rows) {
  const dl = el("dl", "try-terms");
  for (const [k, v] of rows) dl.append(el("dt", undefined, k), el("dd", undefined, v));
  return dl;
}

/** @param {string[]} items @param {string} [className] */
function list(items, className) {
  const ul = el("ul", className);
  for (const i of items) ul.append(el("li", undefined, i));
  return ul;
}

/** A playbook entry as written: where, then its comments and lines. @param {Line} l */
function cited(l) {
  const figure = el("figure", "try-line");
  figure.append(el("figcaption", undefined, `${l.file}:${l.line}${l.endLine > l.line ? `–${l.endLine}` : ""} (${l.what})`));
  figure.append(el("pre", undefined, [...l.comments, l.text].join("\n")));
  return figure;
}

/** @param {string[]} xs */
const none = (xs) => xs.join(", ") || "—";

/** @param {Parts} p @param {Report} r */
function show(p, r) {
  const out = p.result;
  out.replaceChildren();
  heading("Decision", out);
  out.append(
    terms([
      ["Opened at", r.openedAt.local],
      ["Severity", `${r.severity.label}${r.severity.chosen === null ? " (suggested)" : ""}`],
      ["Category", r.category.label],
      ...(r.alsoCategories.length ? /** @type {[string, string][]} */ ([["Also applies", none(r.alsoCategories.map((c) => c.label))]]) : []),
      ["Matched", none(r.matched.map((m) => `${m.label} ('${m.found}')`))],
      ["Tier", r.tier.label],
    ]),
  );
  heading("Route", out);
  out.append(
    terms([
      ["Level", r.route.level.label],
      ["Channels", none(r.route.channels)],
      ["Restricted", r.route.restricted ? `yes: details only in ${none(r.route.detailsOnlyIn)}` : "no"],
      ["Also told", none(r.route.alsoLevels.map((l) => l.label))],
      ["Notify", none(r.route.notify)],
      ["CC", none(r.route.cc)],
      ["DMs on opening", none(r.dms.map((d) => d.label))],
      ["Level manager", r.levelManager ? `${r.levelManager.label}, told when the level's clocks run out` : "—"],
      ["Pages", r.pages ? "yes: on-call is paged through PagerDuty" : "no"],
    ]),
  );
  heading("Deadlines", out);
  for (const d of r.deadlines) {
    const section = el("section", "try-deadline");
    heading(`${d.label}: ${d.due.local}`, section, "h4");
    section.append(
      terms([
        ["Target", d.target],
        ...(d.tierModifier ? /** @type {[string, string][]} */ ([["Tier", d.tierModifier]]) : []),
        ["Clock", `${d.clock.name === "24x7" ? "24/7" : d.clock.name} (chosen by ${d.clock.chosenBy})`],
      ]),
    );
    section.append(list(d.steps.map((s) => s.text), "try-steps"));
    for (const l of d.lines.filter((x) => !x.what.startsWith("calendar "))) section.append(el("p", "try-from", `from ${l.file}:${l.line}: ${l.text.split("\n")[0]?.trim() ?? ""}`));
    out.append(section);
  }
  heading("Checklist", out);
  out.append(r.checklist.length ? list(r.checklist.map((c) => c.label), "try-checklist") : el("p", undefined, "Nothing to tick."));
  heading("Why", out);
  out.append(list(r.reasons));
  heading("Playbook lines used", out);
  for (const l of r.lines) out.append(cited(l));
}

/** @param {Parts} p */
async function simulate(p) {
  /** @type {Record<string, string | boolean>} */
  const fields = {};
  for (const input of p.fields.querySelectorAll("input")) fields[input.name] = input.type === "checkbox" ? input.checked : input.value.trim();
  p.submit.disabled = true;
  try {
    const answer = await postJson("playbook/simulate", { text: p.text.value, tier: p.tier.value, fields, at: p.at.value, customerRequested: p.asked.checked });
    if (answer.ok === false) {
      p.status.textContent = "";
      p.problem.textContent = String(answer.error ?? "The simulation failed.");
      p.problem.hidden = false;
      return;
    }
    p.problem.hidden = true;
    const report = /** @type {Report} */ (answer.report);
    show(p, report);
    const first = report.deadlines[0];
    p.status.textContent = `${report.severity.label}, ${report.category.label}, ${report.route.level.label}${first ? `; ${first.label.toLowerCase()} due ${first.due.local}` : ""}. The full answer follows the form.`;
  } finally {
    p.submit.disabled = false;
  }
}

export function wireTryPlaybook() {
  /** @type {Parts | undefined} */
  let parts;
  const button = addHeaderAction({ label: "Try the playbook", title: "What the bot would decide for an escalation, and why", onClick: () => void open() });
  button.setAttribute("aria-haspopup", "dialog");
  const open = async () => {
    const p = (parts ??= wire(build()));
    fill(p, /** @type {PlaybookForm} */ (await getJson("playbook")));
    openDialog(p.backdrop, { onEscape: () => closeDialog(p.backdrop), focus: p.text });
  };
}

/** @param {Parts} p */
function wire(p) {
  p.close.addEventListener("click", () => closeDialog(p.backdrop));
  p.form.addEventListener("submit", (event) => {
    event.preventDefault();
    void simulate(p);
  });
  return p;
}
