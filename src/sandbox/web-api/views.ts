import { validateView } from "../block-kit-rules.js";
import type { OpenView } from "../views.js";
import type { WebApiContext } from "./context.js";
import { ok, slackError, str, USER_ID, type Json } from "./wire.js";

/**
 * views.*: modals opened or pushed with a trigger id (once, before it expires) and updated by view
 * id or external id, each view checked against Block Kit's rules first.
 */

export function openView(cx: WebApiContext, a: Json): Json {
  return openOrPush(cx, a, "open");
}

export function pushView(cx: WebApiContext, a: Json): Json {
  return openOrPush(cx, a, "push");
}

export function updateView(cx: WebApiContext, a: Json): Json {
  const view = a.view;
  if (typeof view !== "object" || view === null || Array.isArray(view)) return slackError("invalid_arguments");
  const problems = validateView(view);
  if (problems.length > 0) return slackError("invalid_arguments", { response_metadata: { messages: problems } });
  const viewId = str(a.view_id);
  const externalId = str(a.external_id);
  if (!viewId && !externalId) return slackError("invalid_arguments");
  const hash = str(a.hash);
  const updated = cx.d.views.update({ ...(viewId ? { viewId } : {}), ...(externalId ? { externalId } : {}), ...(hash ? { hash } : {}) }, view as Json);
  if ("problem" in updated) return slackError(updated.problem);
  cx.d.onChange({ type: "view", user: updated.user });
  return ok({ view: updated.view });
}

/** views.publish: a person's App Home, shown in their Home tab until the next publish. */
export function publishView(cx: WebApiContext, a: Json): Json {
  const user = str(a.user_id);
  if (!user) return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: user_id"] } });
  if (!USER_ID.test(user) || !cx.ws.users.has(user)) return slackError("user_not_found");
  const view = a.view;
  if (typeof view !== "object" || view === null || Array.isArray(view)) return slackError("invalid_arguments");
  if ((view as Json).type !== "home") return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] views.publish takes a view of type home"] } });
  const problems = validateView(view);
  if (problems.length > 0) return slackError("invalid_arguments", { response_metadata: { messages: problems } });
  const hash = str(a.hash);
  const published = cx.d.views.publish(user, view as Json, hash);
  if ("problem" in published) return slackError(published.problem);
  cx.d.onChange({ type: "home", user });
  return ok({ view: published.view });
}

function openOrPush(cx: WebApiContext, a: Json, how: "open" | "push"): Json {
  const trigger = str(a.trigger_id);
  if (!trigger) return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: trigger_id"] } });
  const view = a.view;
  if (typeof view !== "object" || view === null || Array.isArray(view)) return slackError("invalid_arguments");
  const problems = validateView(view);
  if (problems.length > 0) return slackError("invalid_arguments", { response_metadata: { messages: problems } });
  const taken = cx.d.views.takeTrigger(trigger);
  if ("problem" in taken) return slackError(taken.problem);
  let opened: OpenView;
  if (how === "push") {
    const pushed = cx.d.views.push(taken.user, view as Json);
    if ("problem" in pushed) return slackError(pushed.problem === "not_found" ? "invalid_trigger_id" : pushed.problem);
    opened = pushed;
  } else {
    opened = cx.d.views.open(taken.user, view as Json);
  }
  cx.d.onChange({ type: "view", user: taken.user });
  return ok({ view: opened.view });
}
