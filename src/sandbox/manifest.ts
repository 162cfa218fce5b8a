import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { SlashCommandSpec } from "./interactions.js";
import type { ShortcutSpec } from "./shortcuts.js";

/**
 * What the app declares in slack-manifest.yml and the sandbox honours: its slash commands (others
 * are "not a valid command"), its shortcuts (global ones in the page's Shortcuts menu, message ones
 * in each message's "More actions" menu), its bot scopes (a method without its scope answers
 * missing_scope, as a real install would) and the bot events it subscribes to (only those are sent
 * to it). Reading the same file Slack reads keeps the two from drifting apart.
 */
export interface AppManifest {
  name: string;
  commands: SlashCommandSpec[];
  shortcuts: ShortcutSpec[];
  scopes: string[];
  botEvents: string[];
}

/** The manifest at the project root; two folders up from both src/sandbox and dist/sandbox. */
export const MANIFEST_PATH = fileURLToPath(new URL("../../slack-manifest.yml", import.meta.url));

type RawShortcut = { name?: unknown; type?: unknown; callback_id?: unknown; description?: unknown };

export function readManifest(path = MANIFEST_PATH): AppManifest {
  const doc = parse(readFileSync(path, "utf8")) as {
    display_information?: { name?: string };
    features?: { slash_commands?: { command?: string; description?: string; usage_hint?: string }[]; shortcuts?: RawShortcut[] };
    oauth_config?: { scopes?: { bot?: string[] } };
    settings?: { event_subscriptions?: { bot_events?: string[] } };
  };
  return {
    name: doc.display_information?.name ?? "App",
    commands: (doc.features?.slash_commands ?? [])
      .filter((c): c is { command: string; description?: string; usage_hint?: string } => typeof c.command === "string")
      .map((c) => ({ command: c.command, ...(c.description ? { description: c.description } : {}), ...(c.usage_hint ? { usageHint: c.usage_hint } : {}) })),
    shortcuts: (doc.features?.shortcuts ?? []).flatMap((s): ShortcutSpec[] =>
      typeof s.name === "string" && typeof s.callback_id === "string" && (s.type === "global" || s.type === "message")
        ? [{ name: s.name, type: s.type, callbackId: s.callback_id, description: typeof s.description === "string" ? s.description : "" }]
        : [],
    ),
    scopes: doc.oauth_config?.scopes?.bot ?? [],
    botEvents: doc.settings?.event_subscriptions?.bot_events ?? [],
  };
}
