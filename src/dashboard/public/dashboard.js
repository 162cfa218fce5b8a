// @ts-check
/* global uPlot */
/**
 * The dashboard's page: reads the filters, asks /dashboard/data.json for what to show, draws each
 * table as text (never as HTML: a customer's name is data) and each chart with uPlot beside its
 * table, and polls /dashboard/open.json for the live list. The filters live in the URL, so a view
 * can be shared and reloaded; the CSV link always carries the same query.
 */

/** @typedef {{ id: string; caption: string; columns: string[]; rows: { header: string; cells: string[] }[] }} DashTable */
/** @typedef {{ id: string; title: string; table: string; unit: string; kind: "bars" | "lines"; x: number[]; series: { label: string; values: (number | null)[] }[] }} DashChart */

const OPEN_POLL_MS = 4000;
/** Dark enough against white for lines and bars (3:1 or more), told apart by the legend's labels too. */
const COLOURS = ["#1f5fbf", "#b3261e", "#1b7f3b", "#8a4b00", "#6b3fa0", "#0b6b75", "#5c5c5c"];
const PERIOD_TABLES = ["by-severity", "by-tier"];
const CUSTOMER_TABLES = ["categories", "top-customers", "repeat-customers"];
const UNITS = { escalations: "escalations", hours: "hours", percent: "% met" };

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($("filters"));
const as = $("main").dataset.as || "";
/** @type {{ destroy(): void }[]} */
let plots = [];
let pollTimer = 0;
let loading = 0;

/** The query the filters say, or an error to show. */
function formQuery() {
  const data = new FormData(form);
  const value = (/** @type {string} */ name) => String(data.get(name) ?? "").trim();
  const p = new URLSearchParams();
  const since = value("since");
  if (since === "custom") {
    if (!value("from")) return { error: "Choose the From date, or another period." };
    p.set("since", value("from"));
  } else p.set("since", since);
  for (const name of ["until", "bucket", "severity", "tier", "category"]) if (value(name)) p.set(name, value(name));
  if (as) p.set("as", as);
  return { query: p };
}

function el(/** @type {string} */ tag, /** @type {string} */ className = "", /** @type {string | undefined} */ text = undefined) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A table as text, in a scrollable region keyboard users can reach. */
function renderTable(/** @type {DashTable} */ t) {
  const wrap = el("div", "table-wrap");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", t.caption);
  const table = el("table");
  table.id = `table-${t.id}`;
  table.dataset.table = t.id;
  table.append(el("caption", "", t.caption));
  const headRow = el("tr");
  for (const c of t.columns) {
    const th = el("th", "", c);
    th.setAttribute("scope", "col");
    headRow.append(th);
  }
  const thead = el("thead");
  thead.append(headRow);
  const tbody = el("tbody");
  for (const r of t.rows) {
    const tr = el("tr");
    const th = el("th", "", r.header);
    th.setAttribute("scope", "row");
    tr.append(th, ...r.cells.map((c) => el("td", "", c)));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  wrap.append(table);
  if (t.rows.length === 0) wrap.append(el("p", "none", "None in this period."));
  return wrap;
}

/** Whole days between ticks when the buckets are too many to mark each (seconds). */
const DAY_INCRS = [1, 2, 3, 7, 14, 28, 56, 91, 182, 364].map((d) => d * 86_400);
/** Counts are whole numbers: no tick at 2.5 escalations. */
const COUNT_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];
const DAY_LABEL = /** @type {any} */ (window).uPlot.fmtDate("{D} {MMM}");

/**
 * Where the x axis is marked: at each bucket's start when there are few enough to label each (weeks,
 * or a week of days), else every few days; and the bucket's step (seconds), the widest between two.
 * @param {number[]} x
 */
function xTicks(x) {
  let step = 86_400;
  for (let i = 1; i < x.length; i++) step = Math.max(step, /** @type {number} */ (x[i]) - /** @type {number} */ (x[i - 1]));
  return { each: x.length <= 16, step };
}

/**
 * The y scale: from zero; percentages up to 100, the rest up to a little above the largest value.
 * @param {string} unit
 * @param {number | null} max
 */
function yRange(unit, max) {
  if (unit === "percent") return [0, 105];
  const top = max === null || !(max > 0) ? 1 : max;
  return [0, /** @type {any} */ (window).uPlot.rangeNum(0, top, 0.1, true)[1]];
}

/** The playbook's zone, so the charts' days are the tables' days. */
let zone = "UTC";

function renderChart(/** @type {DashChart} */ c, /** @type {DashTable | undefined} */ table) {
  const block = el("section", "chart-block");
  const heading = el("h3", "", c.title);
  heading.id = `h-${c.id}`;
  block.setAttribute("aria-labelledby", heading.id);
  const pair = el("div", "chart-pair");
  const plot = el("div", "plot");
  plot.id = `chart-${c.id}`;
  plot.setAttribute("role", "img");
  plot.setAttribute("aria-label", `${c.title}: chart; the same numbers are in the table beside it.`);
  pair.append(plot);
  if (table) pair.append(renderTable(table));
  block.append(heading, pair);
  $("charts").append(block);
  const width = Math.max(280, Math.min(640, plot.clientWidth || 560));
  // uPlot is the global its own script (served before this one) defines.
  const U = /** @type {any} */ (window).uPlot;
  const bars = U.paths && U.paths.bars ? U.paths.bars({ size: [0.6, 48] }) : undefined;
  const series = c.series.map((s, i) => ({
    label: s.label,
    stroke: COLOURS[i % COLOURS.length],
    width: 2,
    ...(c.kind === "bars" ? { paths: bars, fill: `${COLOURS[i % COLOURS.length]}cc`, points: { show: false } } : { points: { show: true, size: 6 } }),
  }));
  const ticks = xTicks(c.x);
  const opts = {
    width,
    height: 220,
    tzDate: (/** @type {number} */ ts) => U.tzDate(new Date(ts * 1000), zone),
    scales: {
      // Half a step either side, so the first and last bars are drawn whole.
      x: { time: true, range: (/** @type {any} */ _u, /** @type {number} */ min, /** @type {number} */ max) => [min - ticks.step / 2, max + ticks.step / 2] },
      // From zero: a bar's height is its count, and no line starts halfway up.
      y: { range: (/** @type {any} */ _u, /** @type {number | null} */ _min, /** @type {number | null} */ max) => yRange(c.unit, max) },
    },
    axes: [
      {
        ...(ticks.each ? { splits: () => c.x } : { incrs: DAY_INCRS }),
        // Days as the tables name them ("19 Oct"), kept on the element for whoever reads the page's markup.
        values: (/** @type {any} */ _u, /** @type {number[]} */ splits) => {
          const labels = splits.map((v) => DAY_LABEL(U.tzDate(new Date(v * 1000), zone)));
          plot.dataset.xTicks = labels.join("|");
          return labels;
        },
      },
      { label: UNITS[/** @type {keyof typeof UNITS} */ (c.unit)] ?? c.unit, ...(c.unit === "escalations" ? { incrs: COUNT_INCRS } : {}) },
    ],
    // The series' names with their colours; the numbers are in the table beside the chart.
    legend: { live: false },
    series: [{ label: "from" }, ...series],
  };
  plots.push(new U(opts, [c.x, ...c.series.map((s) => s.values)], plot));
}

/** @param {{ tables: DashTable[]; charts: DashChart[]; open: DashTable; zone: string }} data */
function render(data) {
  zone = data.zone;
  for (const p of plots) p.destroy();
  plots = [];
  const byId = new Map(data.tables.map((t) => [t.id, t]));
  $("open").replaceChildren(renderTable(data.open));
  $("period-tables").replaceChildren(...PERIOD_TABLES.flatMap((id) => (byId.has(id) ? [renderTable(/** @type {DashTable} */ (byId.get(id)))] : [])));
  $("charts").replaceChildren();
  for (const c of data.charts) renderChart(c, byId.get(c.table));
  $("customer-tables").replaceChildren(...CUSTOMER_TABLES.flatMap((id) => (byId.has(id) ? [renderTable(/** @type {DashTable} */ (byId.get(id)))] : [])));
}

async function load() {
  const q = formQuery();
  const error = $("error");
  if (q.error !== undefined || !q.query) {
    error.textContent = q.error ?? "";
    error.hidden = false;
    return;
  }
  const query = q.query.toString();
  history.replaceState(null, "", `/dashboard?${query}`);
  /** @type {HTMLAnchorElement} */ ($("csv")).href = `/dashboard/export.csv?${query}`;
  const mine = ++loading;
  $("status").textContent = "Loading…";
  const res = await fetch(`/dashboard/data.json?${query}`, { credentials: "same-origin", headers: { accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: `the dashboard answered ${res.status}` }));
  if (mine !== loading) return;
  if (!res.ok) {
    error.textContent = body.error ?? `the dashboard answered ${res.status}`;
    error.hidden = false;
    $("status").textContent = "Not updated.";
    return;
  }
  error.hidden = true;
  error.textContent = "";
  render(body);
  $("status").textContent = `Showing ${body.period.since.slice(0, 16).replace("T", " ")} to ${body.period.until.slice(0, 16).replace("T", " ")} (${body.bucket === "day" ? "by day" : "by week"}).`;
  document.body.dataset.loaded = String(mine);
}

/** The live list: asked for again every few seconds, with the same filters. */
async function pollOpen() {
  const q = formQuery();
  if (q.query) {
    try {
      const res = await fetch(`/dashboard/open.json?${q.query}`, { credentials: "same-origin" });
      if (res.ok) {
        const body = await res.json();
        $("open").replaceChildren(renderTable(body.open));
      } else if (res.status === 401) {
        $("error").textContent = "You are signed out (the session ended): reload the page, or open the dashboard again from App Home.";
        $("error").hidden = false;
        return;
      }
    } catch {
      // The bot is restarting or the network is down: the next poll tries again.
    }
  }
  pollTimer = window.setTimeout(pollOpen, OPEN_POLL_MS);
}

function syncFrom() {
  const custom = /** @type {HTMLSelectElement} */ ($("f-since")).value === "custom";
  /** @type {HTMLInputElement} */ ($("f-from")).disabled = !custom;
}

form.addEventListener("change", () => {
  syncFrom();
  void load();
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  void load();
});
syncFrom();
// A query the server could not read: the page opened with the defaults and says why.
if ($("error").textContent) $("error").hidden = false;
void load().then(() => {
  window.clearTimeout(pollTimer);
  pollTimer = window.setTimeout(pollOpen, OPEN_POLL_MS);
});
