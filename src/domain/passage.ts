import type { Passage } from "./playbook/model.js";

/** A passage as the explanation and the post's "why" show it: “Major feature not working” (Resolution SLA Details). */
export const showPassage = (p: Passage | undefined): string => (p ? `“${p.quote}” (${p.section})` : "");

/** " — “quote” (Section)" after a reason, or nothing when the entry names no passage. */
export const withPassage = (reason: string, p: Passage | undefined): string => (p ? `${reason} — ${showPassage(p)}` : reason);


/** The passage as a reason of its own, after the reason it backs: "Bug: “Software doesn't work as designed” (Bug vs. Feature Request)". */
export const passageReason = (label: string, p: Passage | undefined): string[] => (p ? [`${label}: ${showPassage(p)}`] : []);
