import { randomBytes } from "node:crypto";

/**
 * Open modals and the trigger ids that open them, with Slack's rules: a trigger id is valid for
 * 3 seconds and can be exchanged once; a person has one stack of at most 3 modals; views.update
 * addresses a view by id or external id and refuses a stale hash.
 */

export const TRIGGER_TTL_MS = 3_000;
const MAX_STACK = 3;

type Json = Record<string, unknown>;

export interface OpenView {
  /** What views.* answer with: the definition plus Slack's own fields. */
  view: Json & { id: string; hash: string; root_view_id: string; previous_view_id: string | null; state: { values: Json } };
  user: string;
}

interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

export type TriggerProblem = "invalid_trigger_id" | "expired_trigger_id" | "exchanged_trigger_id";

export class ViewStore {
  private readonly triggers = new Map<string, Trigger>();
  private readonly stacks = new Map<string, OpenView[]>();
  private readonly externalIds = new Map<string, string>();
  /** Each person's App Home, as the app last published it (views.publish). */
  private readonly homes = new Map<string, OpenView>();
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ids: { teamId: string; appId: string; botId: string },
    /** Real time: a trigger's 3 seconds are Slack's, not the bot's business clock. */
    private readonly realNow: () => number = Date.now,
  ) {}

  /** A new trigger id for an interaction `user` just made, like "13345224609.738474920.8088930838d88f008e0". */
  issueTrigger(user: string): string {
    const id = `${Math.floor(this.realNow())}.${Math.floor(Math.random() * 1e9)}.${randomBytes(10).toString("hex")}`;
    this.registerTrigger(id, user);
    return id;
  }

  /** Accepts a trigger id chosen elsewhere (tests that play Slack choose their own). */
  registerTrigger(id: string, user: string): void {
    this.pruneTriggers();
    this.triggers.set(id, { user, issuedAt: this.realNow(), used: false });
  }

  /** Exchanges a trigger id once; the person it belongs to, or why not. */
  takeTrigger(id: string): { user: string } | { problem: TriggerProblem } {
    const t = this.triggers.get(id);
    if (!t) return { problem: "invalid_trigger_id" };
    if (t.used) return { problem: "exchanged_trigger_id" };
    if (this.realNow() - t.issuedAt > TRIGGER_TTL_MS) return { problem: "expired_trigger_id" };
    t.used = true;
    return { user: t.user };
  }

  open(user: string, definition: Json): OpenView {
    for (const v of this.stacks.get(user) ?? []) this.forgetExternal(v);
    const opened = this.make(user, definition, null, undefined);
    this.stacks.set(user, [opened]);
    return opened;
  }

  push(user: string, definition: Json): OpenView | { problem: "push_limit_reached" | "not_found" } {
    const stack = this.stacks.get(user);
    const top = stack?.at(-1);
    if (!stack || !top) return { problem: "not_found" };
    if (stack.length >= MAX_STACK) return { problem: "push_limit_reached" };
    const pushed = this.make(user, definition, top.view.id, top.view.root_view_id);
    stack.push(pushed);
    return pushed;
  }

  update(ref: { viewId?: string; externalId?: string; hash?: string }, definition: Json): OpenView | { problem: "not_found" | "hash_conflict" } {
    const id = ref.viewId ?? (ref.externalId ? this.externalIds.get(ref.externalId) : undefined);
    const found = id ? this.find(id) : undefined;
    if (!found) return { problem: "not_found" };
    if (ref.hash !== undefined && ref.hash !== found.view.hash) return { problem: "hash_conflict" };
    return this.replace(found, definition);
  }

  /** Replaces a view in place (views.update, or response_action "update"). */
  replace(current: OpenView, definition: Json): OpenView {
    const stack = this.stacks.get(current.user) ?? [];
    const index = stack.findIndex((v) => v.view.id === current.view.id);
    this.forgetExternal(current);
    const next = this.make(current.user, definition, current.view.previous_view_id, current.view.root_view_id, current.view.id);
    if (index >= 0) stack[index] = next;
    // views.update by id reaches a Home view too.
    if (this.homes.get(current.user)?.view.id === current.view.id) this.homes.set(current.user, next);
    return next;
  }

  /**
   * views.publish: the person's Home tab shows this view from now on. It keeps its id across
   * publishes, as Slack's does, and a stale `hash` is refused.
   */
  publish(user: string, definition: Json, hash?: string): OpenView | { problem: "hash_conflict" } {
    const current = this.homes.get(user);
    if (current && hash !== undefined && hash !== current.view.hash) return { problem: "hash_conflict" };
    const published = this.make(user, { ...definition, type: "home" }, null, undefined, current?.view.id);
    this.homes.set(user, published);
    return published;
  }

  /** The Home view a person sees, if the app published one for them. */
  home(user: string): OpenView | undefined {
    return this.homes.get(user);
  }

  find(viewId: string): OpenView | undefined {
    for (const home of this.homes.values()) if (home.view.id === viewId) return home;
    for (const stack of this.stacks.values()) {
      const v = stack.find((x) => x.view.id === viewId);
      if (v) return v;
    }
    return undefined;
  }

  /** The modal a person sees now, if any. */
  top(user: string): OpenView | undefined {
    return this.stacks.get(user)?.at(-1);
  }

  /** Closes the top modal (an empty ack to a submission, or Cancel); the one below shows again. */
  closeTop(user: string): OpenView | undefined {
    const stack = this.stacks.get(user);
    const closed = stack?.pop();
    if (closed) this.forgetExternal(closed);
    if (stack && stack.length === 0) this.stacks.delete(user);
    return closed;
  }

  /** Closes every modal of a person (response_action "clear"). */
  clear(user: string): OpenView[] {
    const stack = this.stacks.get(user) ?? [];
    for (const v of stack) this.forgetExternal(v);
    this.stacks.delete(user);
    return stack;
  }

  /** Remembers what a person typed so far (sent with later interactions from the modal). */
  setState(viewId: string, values: Json): void {
    const v = this.find(viewId);
    if (v) v.view.state = { values };
  }

  reset(): void {
    this.triggers.clear();
    this.stacks.clear();
    this.externalIds.clear();
    this.homes.clear();
  }

  private make(user: string, definition: Json, previousId: string | null, rootId: string | undefined, keepId?: string): OpenView {
    // Unique across restarts, like Slack's: apps key submissions by view id.
    const id = keepId ?? `V${randomBytes(6).toString("hex").toUpperCase()}`;
    const external = typeof definition.external_id === "string" && definition.external_id !== "" ? definition.external_id : "";
    if (external) this.externalIds.set(external, id);
    const view = {
      type: "modal",
      blocks: [],
      private_metadata: "",
      callback_id: "",
      clear_on_close: false,
      notify_on_close: false,
      submit: null,
      ...definition,
      id,
      team_id: this.ids.teamId,
      app_id: this.ids.appId,
      bot_id: this.ids.botId,
      app_installed_team_id: this.ids.teamId,
      external_id: external,
      hash: `${Math.floor(this.realNow() / 1000)}.${randomBytes(4).toString("hex")}`,
      state: { values: {} },
      root_view_id: rootId ?? id,
      previous_view_id: previousId,
    };
    return { view, user };
  }

  private forgetExternal(v: OpenView): void {
    const external = v.view.external_id;
    if (typeof external === "string" && external !== "") this.externalIds.delete(external);
  }

  /** At most once a second: a sweep on every issue would make thousands of triggers a second quadratic. */
  private pruneTriggers(): void {
    const now = this.realNow();
    if (this.triggers.size < 1_000 || now - this.prunedAt < 1_000) return;
    this.prunedAt = now;
    const cutoff = now - 60_000;
    for (const [id, t] of this.triggers) if (t.issuedAt < cutoff) this.triggers.delete(id);
  }
}
