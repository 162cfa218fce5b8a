/** What the renderers need to know about the workspace and the viewer; supplied by the server. */
export interface RenderContext {
  /** Display name of a user id, for mentions and users_select. */
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  usergroupHandle(id: string): string | undefined;
  /** Every user / channel, for users_select and conversations_select options. */
  users: readonly { id: string; name: string }[];
  channels: readonly { id: string; name: string }[];
  /** The viewer's IANA time zone, for <!date^…>. */
  timeZone: string;
  /** Now in epoch milliseconds (for "Today", "ago"). */
  now: number;
}
