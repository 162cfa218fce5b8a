// @ts-check
import { $ } from "./dom.js";
import { addHeaderAction } from "./header.js";
import { state } from "./state.js";

/**
 * The header's link to the bot's dashboard (/dashboard, open in the sandbox), for the person the
 * page acts as: `?as=U…` makes the dashboard show restricted escalations as that person may see them.
 */
export function wireDashboardLink() {
  const link = /** @type {HTMLAnchorElement} */ (addHeaderAction({ label: "Dashboard", href: "/dashboard", title: "Charts, the open list and a CSV, as the person you act as sees them" }));
  link.id = "dashboard-link";
  const update = () => {
    link.href = state.as ? `/dashboard?${new URLSearchParams({ as: state.as })}` : "/dashboard";
  };
  $("act-as").addEventListener("change", update);
  // Every click reads who the page acts as now, whatever changed it.
  link.addEventListener("click", update);
  return update;
}
