import { escapeHtml } from "../domain/html-escape.js";
import type { Policy } from "../domain/playbook/model.js";
import type { DashboardQuery } from "./query.js";

/**
 * The dashboard's HTML: a shell the page's script fills from the JSON (as text, never as HTML), the
 * refusal that says how to get in, and the page a login answers with. Everything put into markup
 * here goes through escapeHtml; the playbook's labels are data as much as a customer's name.
 */

/** Only the bot's own files: no inline script, nothing from elsewhere (uPlot is served from here). */
export const DASHBOARD_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; style-src-attr 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const head = (title: string, extra = "") => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/dashboard/assets/uPlot.min.css">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
${extra}</head>`;

const PERIODS = [
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["90d", "Last 90 days"],
  ["365d", "Last 365 days"],
  ["custom", "From a date…"],
] as const;

function select(name: string, label: string, options: readonly (readonly [string, string])[], chosen: string): string {
  const opts = options.map(([v, l]) => `<option value="${escapeHtml(v)}"${v === chosen ? " selected" : ""}>${escapeHtml(l)}</option>`).join("");
  return `<div class="field"><label for="f-${name}">${escapeHtml(label)}</label><select id="f-${name}" name="${name}">${opts}</select></div>`;
}

export interface PageContext {
  policy: Policy;
  query: DashboardQuery;
  /** Who the figures are for, in words ("the DASHBOARD_TOKEN's holder", "U123 (from App Home)"). */
  viewerWords: string;
  /** The sandbox page's person, kept in every request (`as=`); absent outside the sandbox. */
  as: string | undefined;
  /** The sandbox page, for a way back. */
  sandbox: boolean;
  /** What was wrong with the query asked for (the page then shows the default period). */
  problem?: string | undefined;
}

export function dashboardPage(ctx: PageContext): string {
  const { policy, query } = ctx;
  const preset = PERIODS.some(([v]) => v === query.since) ? query.since : "custom";
  const from = preset === "custom" ? query.since.slice(0, 10) : "";
  const all = (xs: readonly { id: string; label: string }[], word: string) => [["", `All ${word}`] as const, ...xs.map((x) => [x.id, x.label] as const)];
  return `${head(`Escalations dashboard · ${policy.name}`)}
<body>
<a class="skip-link" href="#main">Skip to the figures</a>
<header class="top">
  <h1>Escalations dashboard</h1>
  <p class="who">Playbook: ${escapeHtml(policy.name)} · shown for ${escapeHtml(ctx.viewerWords)}${ctx.sandbox ? ` · <a href="/">Back to the sandbox</a>` : ""}</p>
</header>
<main id="main" data-as="${escapeHtml(ctx.as ?? "")}">
  <form id="filters" class="filters" method="get" action="/dashboard" aria-label="Filters">
    ${ctx.as ? `<input type="hidden" name="as" value="${escapeHtml(ctx.as)}">` : ""}
    ${select("since", "Period", PERIODS, preset)}
    <div class="field"><label for="f-from">From (date)</label><input id="f-from" name="from" type="date" value="${escapeHtml(from)}"${preset === "custom" ? "" : " disabled"}></div>
    <div class="field"><label for="f-until">Until (date, not included; empty: now)</label><input id="f-until" name="until" type="date" value="${escapeHtml(query.until?.slice(0, 10) ?? "")}"></div>
    ${select("bucket", "Step", [["day", "By day"], ["week", "By week"]], query.bucket)}
    ${select("severity", "Severity", all(policy.severities, "severities"), query.filter.severity ?? "")}
    ${select("tier", "Tier", all(policy.tiers, "tiers"), query.filter.tier ?? "")}
    ${select("category", "Category", all(policy.categories, "categories"), query.filter.category ?? "")}
    <div class="field actions"><button type="submit">Apply</button> <a id="csv" class="button" href="/dashboard/export.csv" download>Download CSV of what is shown</a></div>
  </form>
  <p id="status" class="status" role="status" aria-live="polite">Loading…</p>
  <p id="error" class="error" role="alert" hidden>${ctx.problem ? `${escapeHtml(ctx.problem)}: showing the last 30 days instead.` : ""}</p>
  <section aria-labelledby="h-open">
    <h2 id="h-open">Open escalations <span class="live">(live: updated every few seconds)</span></h2>
    <div id="open"></div>
  </section>
  <section aria-labelledby="h-period">
    <h2 id="h-period">The period</h2>
    <div id="period-tables"></div>
  </section>
  <section aria-labelledby="h-time">
    <h2 id="h-time">Over time</h2>
    <p class="hint">Each chart's numbers are in the table beside it.</p>
    <div id="charts"></div>
  </section>
  <section aria-labelledby="h-customers">
    <h2 id="h-customers">Reasons and customers</h2>
    <div id="customer-tables"></div>
  </section>
</main>
<script src="/dashboard/assets/uPlot.iife.min.js"></script>
<script type="module" src="/dashboard/assets/dashboard.js"></script>
</body>
</html>
`;
}

/** 401: no data, and how to get in. */
export function refusalPage(reason: string | undefined): string {
  return `${head("Dashboard: sign in")}
<body>
<main id="main" class="refusal">
  <h1>The escalations dashboard needs you to sign in</h1>
  ${reason ? `<p class="error">${escapeHtml(reason)}</p>` : ""}
  <p>Ways in:</p>
  <ul>
    <li>In Slack, open the escalation bot's <strong>Home</strong> tab and press <strong>Dashboard</strong>: it opens this page for you, with what you may see.</li>
    <li>With the dashboard token (<code>DASHBOARD_TOKEN</code>, from whoever runs the bot): open <code>/dashboard/login?token=…</code>, or send <code>Authorization: Bearer …</code> from a script.</li>
  </ul>
  <p>A link from App Home works for 15 minutes; ask the Home tab for a new one when it has expired.</p>
</main>
</body>
</html>
`;
}

/**
 * After a login: the cookie is set, and the browser goes on to the dashboard from this page. A
 * plain redirect would not do: a SameSite=Strict cookie set on a navigation that started on
 * another site (a click in Slack) is not sent on that navigation's redirect.
 */
export function signedInPage(target: string): string {
  const href = escapeHtml(target);
  return `${head("Dashboard: signed in", `<meta http-equiv="refresh" content="0;url=${href}">\n`)}
<body>
<main id="main" class="refusal">
  <h1>Signed in</h1>
  <p><a href="${href}">Open the dashboard</a></p>
</main>
</body>
</html>
`;
}
