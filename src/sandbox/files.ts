import { randomBytes } from "node:crypto";
import type { WorkspaceFile } from "./workspace.js";

/**
 * Files on their way in, as Slack's external upload takes them: files.getUploadURLExternal reserves
 * an id and an upload URL for a named file of a stated size, the app POSTs the bytes there, and
 * files.completeUploadExternal shares what arrived. Uploads not completed stay here (in memory, as
 * a half-done upload does not survive a reload either); shared files live on their message.
 */

/** The largest file the sandbox takes: ample for any export, small enough to keep in its journal. */
export const MAX_FILE_BYTES = 1_000_000;

interface PendingUpload {
  id: string;
  filename: string;
  length: number;
  bytes?: Buffer;
}

/** What a file's name says it holds: Slack's filetype and a MIME type. */
export function fileKind(filename: string): { filetype: string; mimetype: string } {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? "";
  const known: Record<string, { filetype: string; mimetype: string }> = {
    md: { filetype: "markdown", mimetype: "text/markdown" },
    markdown: { filetype: "markdown", mimetype: "text/markdown" },
    txt: { filetype: "text", mimetype: "text/plain" },
    json: { filetype: "json", mimetype: "application/json" },
    csv: { filetype: "csv", mimetype: "text/csv" },
  };
  return known[ext] ?? { filetype: "binary", mimetype: "application/octet-stream" };
}

/** True when the file is text the page may show (escaped) as a preview. */
export function isTextFile(file: Pick<WorkspaceFile, "filetype">): boolean {
  return file.filetype !== "binary";
}

export class FileUploads {
  private readonly pending = new Map<string, PendingUpload>();

  /** Reserves an upload; the id is Slack-shaped (F…). */
  reserve(filename: string, length: number): PendingUpload {
    const id = `F${randomBytes(5).toString("hex").toUpperCase()}`;
    const upload = { id, filename, length };
    this.pending.set(id, upload);
    return upload;
  }

  /** The bytes POSTed to an upload URL: refused for an unknown id, or more than the size stated when it was reserved. */
  receive(id: string, bytes: Buffer): { ok: true } | { ok: false; status: number; error: string } {
    const upload = this.pending.get(id);
    if (!upload) return { ok: false, status: 404, error: "unknown upload" };
    if (bytes.length > upload.length || bytes.length > MAX_FILE_BYTES) return { ok: false, status: 413, error: "larger than the length given to files.getUploadURLExternal" };
    upload.bytes = bytes;
    return { ok: true };
  }

  /** An upload whose bytes arrived, taken out to be shared; undefined when unknown or still empty. */
  take(id: string): (PendingUpload & { bytes: Buffer }) | undefined {
    const upload = this.pending.get(id);
    if (!upload?.bytes) return undefined;
    this.pending.delete(id);
    return upload as PendingUpload & { bytes: Buffer };
  }

  has(id: string): boolean {
    return this.pending.has(id);
  }

  clear(): void {
    this.pending.clear();
  }
}
