import { fileKind, MAX_FILE_BYTES } from "../files.js";
import { EMULATOR_IDS } from "../identity.js";
import type { WorkspaceFile } from "../workspace.js";
import { botIsMember, type WebApiContext } from "./context.js";
import { ok, slackError, str, type Json } from "./wire.js";

/**
 * files.*: Slack's external upload, which @slack/web-api's files.uploadV2 drives. getUploadURLExternal
 * reserves a file id and an upload URL (served by the emulator's own HTTP server), the bytes are
 * POSTed there, and completeUploadExternal shares the files into a channel or a thread as a message.
 * Slack's rules: files:write, a visible channel, the bot a member of it (chat:write.public does not
 * cover files), a thread that exists, files whose bytes arrived.
 */

const MAX_TITLE = 255;

export function getUploadURLExternal(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("files:write");
  if (missing) return missing;
  const filename = str(a.filename);
  const length = Number(a.length);
  if (!filename) return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: filename"] } });
  if (!Number.isInteger(length) || length < 1) return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] length must be a whole number of bytes above 0"] } });
  if (length > MAX_FILE_BYTES) return slackError("file_too_large");
  const upload = cx.d.files.reserve(filename, length);
  return ok({ upload_url: `${cx.d.uploadUrlBase}${upload.id}`, file_id: upload.id });
}

export function completeUploadExternal(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("files:write");
  if (missing) return missing;
  const requested = Array.isArray(a.files) ? (a.files as unknown[]) : undefined;
  if (!requested || requested.length === 0) return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] files must be a list of { id, title }"] } });
  const wanted = requested.map((f) => ({ id: str((f as Json)?.id), title: str((f as Json)?.title) }));
  if (wanted.some((f) => f.id === undefined || !cx.d.files.has(f.id))) return slackError("file_not_found");

  const channelRef = str(a.channel_id);
  const threadTs = str(a.thread_ts);
  let shareIn: { channel: string; parentTs?: string } | undefined;
  if (channelRef !== undefined) {
    const c = cx.visible(channelRef);
    if (!c) return slackError("channel_not_found");
    // Sharing a file is a member's act, in public channels too.
    if (!botIsMember(c)) return slackError("not_in_channel");
    const parent = threadTs !== undefined ? cx.ws.message(c.id, threadTs) : undefined;
    if (threadTs !== undefined && !parent) return slackError("thread_not_found");
    shareIn = { channel: c.id, ...(parent ? { parentTs: parent.threadTs ?? parent.ts } : {}) };
  } else if (threadTs !== undefined) {
    return slackError("invalid_arguments", { response_metadata: { messages: ["[ERROR] thread_ts needs channel_id"] } });
  }
  // Every file must have arrived before any is shared.
  const arrived = wanted.map((f) => cx.d.files.take(f.id!));
  if (arrived.some((u) => u === undefined)) return slackError("file_not_found", { response_metadata: { messages: ["[ERROR] the file's bytes were never uploaded to its upload_url"] } });

  const files: WorkspaceFile[] = arrived.map((u, i) => ({
    id: u!.id,
    name: u!.filename,
    title: (wanted[i]!.title ?? u!.filename).slice(0, MAX_TITLE),
    size: u!.bytes.length,
    ...fileKind(u!.filename),
    data: u!.bytes.toString("base64"),
  }));
  if (shareIn) {
    const comment = str(a.initial_comment);
    const message = cx.ws.post({
      channel: shareIn.channel,
      ts: cx.ws.nextTs(cx.d.now()),
      user: EMULATOR_IDS.botUserId,
      botId: EMULATOR_IDS.botId,
      subtype: "file_share",
      ...(comment !== undefined ? { text: comment.slice(0, 40_000) } : { text: "" }),
      files,
      ...(shareIn.parentTs ? { threadTs: shareIn.parentTs } : {}),
    });
    cx.d.onChange({ type: "message", channel: message.channel, ts: message.ts, ...(message.threadTs ? { threadTs: message.threadTs } : {}) });
    cx.d.messages.posted(message);
  }
  return ok({ files: files.map((f) => fileObject(f, shareIn?.channel)) });
}

/** A file as Slack's JSON describes it (no bytes). */
export function fileObject(f: WorkspaceFile, channel?: string): Json {
  return {
    id: f.id,
    name: f.name,
    title: f.title,
    size: f.size,
    filetype: f.filetype,
    mimetype: f.mimetype,
    user: EMULATOR_IDS.botUserId,
    ...(channel ? { channels: [channel] } : {}),
  };
}

