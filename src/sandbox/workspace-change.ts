/**
 * What changed in the emulated workspace, for the sandbox page to show it live. Its own module
 * because everything that changes the workspace (the Web API, channel creation, people's
 * interactions) announces it, and none of them should import another just for this type.
 */
export type WorkspaceChange =
  | { type: "message"; channel: string; ts: string; threadTs?: string }
  | { type: "ephemeral"; channel: string; user: string }
  | { type: "view"; user: string }
  /** The app published the person's Home tab again. */
  | { type: "home"; user: string }
  | { type: "channels" };
