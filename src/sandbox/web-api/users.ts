import type { WebApiContext } from "./context.js";
import { userObject } from "./objects.js";
import { ok, slackError, type Json } from "./wire.js";

/** users.* and usergroups.*: the people of the workspace and their groups, behind their read scopes. */

export function info(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("users:read");
  if (missing) return missing;
  const user = cx.ws.users.get(String(a.user));
  return user ? ok({ user: userObject(user) }) : slackError("user_not_found");
}

export function listUsers(cx: WebApiContext): Json {
  return cx.needs("users:read") ?? ok({ members: [...cx.ws.users.values()].map(userObject), response_metadata: { next_cursor: "" } });
}

export function lookupByEmail(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("users:read.email");
  if (missing) return missing;
  const found = typeof a.email === "string" ? cx.ws.userByEmail(a.email) : undefined;
  return found ? ok({ user: userObject(found) }) : slackError("users_not_found");
}

export function listUsergroups(cx: WebApiContext): Json {
  return (
    cx.needs("usergroups:read") ??
    ok({ usergroups: [...cx.ws.usergroups.values()].map((g) => ({ id: g.id, handle: g.handle, name: g.name, users: g.users, user_count: g.users.length })) })
  );
}

export function usergroupMembers(cx: WebApiContext, a: Json): Json {
  const group = cx.ws.usergroups.get(String(a.usergroup));
  return cx.needs("usergroups:read") ?? (group ? ok({ users: group.users }) : slackError("no_such_subteam"));
}
