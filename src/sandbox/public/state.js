// @ts-check
/** What the page knows: who it acts as, where it is, and the shapes of what the server sends. */

/** @typedef {{ id: string; name: string; realName: string; title: string; tz: string }} Person */
/** @typedef {{ id: string; name: string; isPrivate: boolean; isIm: boolean }} ChannelItem */
/** @typedef {{ callbackId: string; name: string; description: string }} ShortcutItem */
/** @typedef {{ team: string; app: string; me: Person; people: Person[]; channels: ChannelItem[]; dms: ChannelItem[]; commands: { command: string; description?: string; usageHint?: string }[]; shortcuts: { global: ShortcutItem[]; message: ShortcutItem[] }; clock: { now: number; offsetMs: number; label: string }; firstChannel?: string }} WorkspaceView */
/** @typedef {{ ts: string; author: { id: string; name: string; isApp: boolean }; time: string; day: string; html: string; edited: boolean; ephemeral: boolean; replyCount: number; threadTs?: string; pinned?: boolean }} MessageView */
/** @typedef {{ channel: ChannelItem & { topic: string; title: string; appIsMember: boolean; archived: boolean }; messages: MessageView[] }} ConversationView */
/** @typedef {{ id: string; title: string; submit?: string; close: string; body: string }} ModalView */
/** @typedef {string | string[] | null} RawInput */
/** @typedef {Record<string, Record<string, RawInput>>} RawInputs */
/**
 * A live change the server sends (message, ephemeral, view, channels, clock, call, app_event, reset).
 * @typedef {{ type: string; channel?: string; user?: string; threadTs?: string; method?: string; ok?: boolean; error?: string; detail?: string[]; at?: number; event?: string; state?: string }} LiveChange
 */

export const state = {
  /** @type {string | undefined} who the page acts as */
  as: localStorage.getItem("sandbox.as") ?? undefined,
  /** @type {string | undefined} */
  channel: undefined,
  /** @type {string | undefined} the open thread's parent ts */
  thread: undefined,
  /** @type {WorkspaceView | undefined} */
  workspace: undefined,
  /** @type {string | undefined} id of the modal on screen */
  modalId: undefined,
  /** @type {"home" | "messages"} the tab shown in the app's DM */
  appTab: /** @type {"home" | "messages"} */ ("messages"),
  /** @type {string | undefined} id of the Home view on screen */
  homeViewId: undefined,
  /** @type {Set<string>} channels with news since last looked at */
  unread: new Set(),
};
