import { isTextFile } from "../files.js";
import type { WorkspaceFile } from "../workspace.js";
import { attr, escapeHtml } from "./html.js";

/**
 * Files shared in a message, as the page shows them: title, name, size, a preview of a text file's
 * beginning, and a download link served by the sandbox. Everything from the file is text here
 * (escaped, in a <pre>), never markup.
 */

/** How much of a text file the preview shows. */
export const PREVIEW_CHARS = 1_200;

/** "12.3 kB", "980 B". */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Where the page downloads a file as `viewer` (who must be in the conversation it was shared in). */
export const downloadPath = (file: Pick<WorkspaceFile, "id" | "name">, viewer: string): string =>
  `/sandbox/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}?${new URLSearchParams({ as: viewer })}`;

export function renderFiles(files: readonly WorkspaceFile[] | undefined, viewer: string, idPrefix: string): string {
  if (!files || files.length === 0) return "";
  return files.map((f, i) => renderFile(f, viewer, `${idPrefix}-f${i}`)).join("");
}

function renderFile(f: WorkspaceFile, viewer: string, id: string): string {
  const text = isTextFile(f) ? Buffer.from(f.data, "base64").toString("utf8") : undefined;
  const cut = text !== undefined && text.length > PREVIEW_CHARS;
  const preview =
    text === undefined
      ? `<p class="msg-file-nopreview">No preview for this kind of file.</p>`
      : `<pre class="msg-file-preview" tabindex="0"${attr("aria-labelledby", `${id}-title`)}>${escapeHtml(cut ? text.slice(0, PREVIEW_CHARS) : text)}${cut ? "\n…" : ""}</pre>`;
  return (
    `<figure class="msg-file"${attr("aria-labelledby", `${id}-title`)}>` +
    `<figcaption><span class="msg-file-title"${attr("id", `${id}-title`)}>${escapeHtml(f.title)}</span> ` +
    `<span class="msg-file-meta">${escapeHtml(f.name)} · ${escapeHtml(formatSize(f.size))}</span></figcaption>` +
    preview +
    `<a class="msg-file-download"${attr("href", downloadPath(f, viewer))}${attr("download", f.name)}>Download ${escapeHtml(f.name)}</a>` +
    `</figure>`
  );
}
