import type { IncomingMessage, ServerResponse } from "node:http";
import { DateTime } from "luxon";
import type { Policy } from "../domain/playbook/model.js";
import { logEvent, type Logger } from "../logger.js";
import type { DashboardService, RestrictedCheck } from "../services/dashboard-service.js";
import type { ExtraRoute } from "../slack/app.js";
import { sendDashboardAsset } from "./assets.js";
import { dashboardCsv } from "./csv.js";
import { DASHBOARD_CSP, dashboardPage, refusalPage, signedInPage } from "./page.js";
import { dashboardSearch, parseDashboardQuery, type DashboardQuery } from "./query.js";
import { cookieValue, sameSecret, SESSION_COOKIE, SESSION_TTL_MS, sessionCookie, signSession, verifySession, type SessionViewer } from "./session.js";
import { figureTables, openTable } from "./tables.js";
import { verifyViewerLink } from "./viewer-link.js";

/**
 * GET /dashboard and its parts, as routes of the bot's HTTP server (slack/app.ts serves them in HTTP
 * and Socket Mode alike, and the sandbox's page server is that same server):
 *   /dashboard                 the page (`?link=` a viewer link from App Home signs the person in)
 *   /dashboard/login?token=    signs the DASHBOARD_TOKEN's holder in
 *   /dashboard/data.json       everything the page shows, for the query (dashboard/query.ts)
 *   /dashboard/open.json       the live list alone (the page polls it)
 *   /dashboard/export.csv      what the page shows, as CSV
 *   /dashboard/assets/:name    the page's script and styles, and uPlot's
 * Outside the sandbox every one but the assets answers only a bearer token or a session cookie.
 */

export const DASHBOARD_PATH = "/dashboard";

export interface DashboardDeps {
  service: DashboardService;
  policy: Policy;
  logger: Logger;
  /** The key viewer links and sessions are signed with (the bot's ref key, hex). */
  key: string;
  dashboardToken: string | undefined;
  /** The sandbox: no sign-in; shown for the person the page acts as (`as=`), else as to a token holder. */
  open: boolean;
  /** Set the cookie's Secure flag (the bot is reached over https). */
  secureCookies: boolean;
  /** What a viewer may see of restricted escalations. */
  restricted: (viewer: SessionViewer) => RestrictedCheck;
  /** People's names for their Slack ids (owners, the viewer). */
  names: (userIds: Iterable<string>) => Promise<ReadonlyMap<string, string>>;
}

type Req = IncomingMessage & { params?: Record<string, string | string[]> };
type Access = { ok: true; viewer: SessionViewer; as: string | undefined } | { ok: false; reason: string | undefined };

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const SECURITY = { "content-security-policy": DASHBOARD_CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-store" };

export function dashboardRoutes(deps: DashboardDeps): ExtraRoute[] {
  const now = () => deps.service.now();

  const access = (req: Req, url: URL): Access => {
    if (deps.open) {
      const as = url.searchParams.get("as") ?? "";
      return USER_ID.test(as) ? { ok: true, viewer: { kind: "person", userId: as }, as } : { ok: true, viewer: { kind: "token" }, as: undefined };
    }
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
      return deps.dashboardToken !== undefined && sameSecret(bearer, deps.dashboardToken) ? { ok: true, viewer: { kind: "token" }, as: undefined } : { ok: false, reason: "That bearer token is not the dashboard's." };
    }
    const session = verifySession(cookieValue(req.headers.cookie, SESSION_COOKIE), deps.key, deps.dashboardToken, now());
    return session ? { ok: true, viewer: session.viewer, as: undefined } : { ok: false, reason: undefined };
  };

  const refuse = (res: ServerResponse, reason: string | undefined, json: boolean) => {
    const headers = { ...SECURITY, "www-authenticate": 'Bearer realm="dashboard"' };
    if (json) return void res.writeHead(401, { ...headers, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ error: reason ?? "sign in: App Home's Dashboard button, or DASHBOARD_TOKEN" }));
    res.writeHead(401, { ...headers, "content-type": "text/html; charset=utf-8" }).end(refusalPage(reason));
  };

  const signIn = (res: ServerResponse, viewer: SessionViewer, target: string) => {
    const expiresAt = now() + SESSION_TTL_MS;
    res.writeHead(200, { ...SECURITY, "content-type": "text/html; charset=utf-8", "set-cookie": sessionCookie(signSession({ viewer, expiresAt }, deps.key, deps.dashboardToken), SESSION_TTL_MS, deps.secureCookies) });
    res.end(signedInPage(target));
  };

  const query = (url: URL) => parseDashboardQuery(url.searchParams, { now: now(), zone: deps.service.zone, policy: deps.policy });

  /** Runs `handle` for a signed-in (or sandbox) viewer with a valid query; else 401 or 400. */
  const guarded =
    (kind: "page" | "json" | "csv", handle: (res: ServerResponse, a: { viewer: SessionViewer; as: string | undefined; q: DashboardQuery; problem?: string }) => Promise<void>) =>
    (req: Req, res: ServerResponse) => {
      const url = new URL(req.url ?? "/", "http://dashboard");
      const a = access(req, url);
      if (!a.ok) return refuse(res, a.reason, kind !== "page");
      const parsed = query(url);
      if (!parsed.ok) {
        if (kind === "page") {
          // The page still opens, with the default period, and says what was wrong.
          const fallback = parseDashboardQuery(new URLSearchParams(), { now: now(), zone: deps.service.zone, policy: deps.policy });
          if (fallback.ok) return void handle(res, { viewer: a.viewer, as: a.as, q: fallback.query, problem: parsed.error }).catch((err: unknown) => fail(res, err));
        }
        return void res.writeHead(400, { ...SECURITY, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ error: parsed.error }));
      }
      handle(res, { viewer: a.viewer, as: a.as, q: parsed.query }).catch((err: unknown) => fail(res, err));
    };

  const fail = (res: ServerResponse, err: unknown) => {
    deps.logger.error({ err }, "dashboard.failed");
    if (!res.headersSent) res.writeHead(500, { ...SECURITY, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ error: "the dashboard could not read its figures; see the bot's log" }));
  };

  const viewerWords = async (v: SessionViewer, sandbox: boolean) => {
    if (v.kind === "token") return sandbox ? "nobody in particular (restricted escalations as counts)" : "the dashboard token's holder (restricted escalations as counts)";
    const name = (await deps.names([v.userId])).get(v.userId) ?? v.userId;
    return `${name === v.userId ? name : `${name} (${v.userId})`}${sandbox ? ", the person the sandbox page acts as" : ", signed in from App Home"}`;
  };

  const everything = async (viewer: SessionViewer, q: DashboardQuery) => {
    const check = deps.restricted(viewer);
    const [figures, open] = [await deps.service.figures(q, check), await deps.service.open(q.filter, check)];
    const view = figureTables(figures, { policy: deps.policy, zone: deps.service.zone });
    return { figures, open: await openTableOf(open), view, now: open.now };
  };

  const openTableOf = async (open: Awaited<ReturnType<DashboardService["open"]>>) => {
    const names = await deps.names(open.list.rows.flatMap(({ esc }) => [esc.ownerId ?? esc.acknowledgedBy ?? []].flat()));
    return openTable(open.list, { policy: deps.policy, zone: deps.service.zone, now: open.now, names });
  };

  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: deps.service.zone }).toISO();

  return [
    {
      path: DASHBOARD_PATH,
      method: "GET",
      handler: (req: Req, res) => {
        const url = new URL(req.url ?? "/", "http://dashboard");
        const link = url.searchParams.get("link");
        if (link !== null && deps.open) {
          // The sandbox's App Home hands out links too: it is open, so the link only says whose view to show.
          const checked = verifyViewerLink(link, deps.key, now());
          url.searchParams.delete("link");
          if (checked.ok) url.searchParams.set("as", checked.userId);
          return void res.writeHead(302, { ...SECURITY, location: `${DASHBOARD_PATH}${url.search}` }).end();
        }
        if (link !== null) {
          const checked = verifyViewerLink(link, deps.key, now());
          if (!checked.ok) {
            logEvent(deps.logger, "dashboard.link_refused", { reason: checked.reason });
            return refuse(res, checked.reason === "expired" ? "This dashboard link has expired: press Dashboard on the bot's Home tab in Slack for a new one." : "This dashboard link is not one the bot made.", false);
          }
          logEvent(deps.logger, "dashboard.signed_in", { user: checked.userId, via: "link" });
          url.searchParams.delete("link");
          return signIn(res, { kind: "person", userId: checked.userId }, `${DASHBOARD_PATH}${url.search}`);
        }
        guarded("page", async (r, { viewer, as, q, problem }) => {
          const html = dashboardPage({ policy: deps.policy, query: q, viewerWords: await viewerWords(viewer, deps.open), as, sandbox: deps.open, problem });
          r.writeHead(200, { ...SECURITY, "content-type": "text/html; charset=utf-8" }).end(html);
        })(req, res);
      },
    },
    {
      path: `${DASHBOARD_PATH}/login`,
      method: "GET",
      handler: (req: Req, res) => {
        const token = new URL(req.url ?? "/", "http://dashboard").searchParams.get("token") ?? undefined;
        // Nothing to sign in to in the sandbox.
        if (deps.open) return void res.writeHead(200, { ...SECURITY, "content-type": "text/html; charset=utf-8" }).end(signedInPage(DASHBOARD_PATH));
        if (deps.dashboardToken === undefined) return refuse(res, "This bot has no DASHBOARD_TOKEN set: use App Home's Dashboard button.", false);
        if (!sameSecret(token, deps.dashboardToken)) {
          logEvent(deps.logger, "dashboard.login_refused", {});
          return refuse(res, "That is not the dashboard's token.", false);
        }
        logEvent(deps.logger, "dashboard.signed_in", { via: "token" });
        signIn(res, { kind: "token" }, DASHBOARD_PATH);
      },
    },
    {
      path: `${DASHBOARD_PATH}/data.json`,
      method: "GET",
      handler: guarded("json", async (res, { viewer, q }) => {
        const all = await everything(viewer, q);
        const f = all.figures;
        const body = {
          period: { since: iso(q.period.since), until: iso(q.period.until) },
          query: dashboardSearch(q),
          zone: deps.service.zone,
          bucket: q.bucket,
          viewer: viewer.kind === "person" ? { kind: "person", userId: viewer.userId } : { kind: "token" },
          bySeverity: f.bySeverity,
          byTier: f.byTier,
          topCustomers: f.topCustomers,
          repeatCustomers: f.repeatCustomers,
          restrictedHidden: f.restrictedHidden,
          open: all.open,
          tables: all.view.tables,
          charts: all.view.charts,
        };
        res.writeHead(200, { ...SECURITY, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
      }),
    },
    {
      path: `${DASHBOARD_PATH}/open.json`,
      method: "GET",
      handler: guarded("json", async (res, { viewer, q }) => {
        const open = await deps.service.open(q.filter, deps.restricted(viewer));
        const body = { now: open.now, open: await openTableOf(open) };
        res.writeHead(200, { ...SECURITY, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
      }),
    },
    {
      path: `${DASHBOARD_PATH}/export.csv`,
      method: "GET",
      handler: guarded("csv", async (res, { viewer, q }) => {
        const all = await everything(viewer, q);
        const day = (ms: number) => DateTime.fromMillis(ms, { zone: deps.service.zone }).toFormat("yyyy-LL-dd");
        res.writeHead(200, {
          ...SECURITY,
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="escalations-${day(q.period.since)}-to-${day(q.period.until)}.csv"`,
        });
        res.end(dashboardCsv([all.open, ...all.view.tables]));
      }),
    },
    { path: `${DASHBOARD_PATH}/assets/:name`, method: "GET", handler: (req: Req, res) => void sendDashboardAsset(res, String(req.params?.name ?? "")) },
  ];
}
