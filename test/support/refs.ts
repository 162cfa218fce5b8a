import { RefSigner } from "../../src/slack/signed-ref.js";
import type { Harness } from "./harness.js";

/** A signer for view tests: a fixed key, so rendered values are stable. */
export const testRefs = new RefSigner({ key: "ab".repeat(32), installation: "T0TEST:U0BOT" });

/** `ESC-0001.<sig>` as the running bot signs it: what its buttons carry for escalation `id`. */
export const signedRef = (h: Harness, id = 1): string => h.bot.refs.sign(id);

/** A form's private_metadata for escalation `id`, as the bot writes it when it opens the form. */
export const signedMetadata = (h: Harness, id = 1): string => h.bot.refs.metadata(id);
