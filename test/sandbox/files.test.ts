import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { SlackEmulator, type EmulatorOptions } from "../../src/sandbox/emulator.js";
import { MAX_FILE_BYTES } from "../../src/sandbox/files.js";
import { downloadPath, formatSize, PREVIEW_CHARS, renderFiles } from "../../src/sandbox/render/files.js";
import type { WorkspaceFile } from "../../src/sandbox/workspace.js";
import { BOT_USER_ID, startTestSlack } from "../support/test-slack.js";

/** files.uploadV2 against the emulator: Slack's three steps, its rules, and the file as the page shows it. */

const started: SlackEmulator[] = [];
afterEach(async () => {
  for (const e of started.splice(0)) await e.stop();
});

async function emulator(opts: EmulatorOptions = {}): Promise<{ fake: SlackEmulator; client: WebClient }> {
  const fake = await startTestSlack({ users: [{ id: "U0ANN" }], ...opts });
  started.push(fake);
  return { fake, client: new WebClient("xoxb-files", { slackApiUrl: fake.url, retryConfig: { retries: 0 } }) };
}

const errorOf = async (p: Promise<unknown>) => ((await p.then(() => undefined, (e: { data?: { error?: string } }) => e)) as { data?: { error?: string } } | undefined)?.data?.error;

describe("files.uploadV2 against the emulator", () => {
  it("reserves an upload URL on its own server, takes the bytes, and shares the file in the thread as a message", async () => {
    const { fake, client } = await emulator();
    const parent = await client.chat.postMessage({ channel: "C0TIER1", text: "the post" });
    const content = "# ESC-0042\n\n<script>alert(1)</script> & more\n";
    const done = await client.filesUploadV2({ channel_id: "C0TIER1", thread_ts: parent.ts!, filename: "ESC-0042.md", title: "ESC-0042 · Escalation documentation", content, initial_comment: "exported" });
    expect(done.ok).toBe(true);

    const reserved = fake.callsTo("files.getUploadURLExternal")[0]!;
    expect(reserved.args).toMatchObject({ filename: "ESC-0042.md", length: String(Buffer.byteLength(content)) });
    expect(String(reserved.response!.upload_url)).toBe(`${fake.url.replace(/\/api\/$/, "")}/upload/${reserved.response!.file_id}`);
    expect(fake.callsTo("file_upload")[0]!.response).toEqual({ ok: true, size: Buffer.byteLength(content) });

    const [reply] = fake.workspace.replies("C0TIER1", parent.ts!);
    expect(reply).toMatchObject({ user: BOT_USER_ID, subtype: "file_share", text: "exported", threadTs: parent.ts });
    expect(reply!.files![0]).toMatchObject({ name: "ESC-0042.md", title: "ESC-0042 · Escalation documentation", size: Buffer.byteLength(content), filetype: "markdown" });
    expect(Buffer.from(reply!.files![0]!.data, "base64").toString("utf8")).toBe(content);
    // conversations.replies describes the file as Slack does, without its bytes.
    const replies = await client.conversations.replies({ channel: "C0TIER1", ts: parent.ts! });
    expect(replies.messages![1]!.files![0]).toEqual(expect.objectContaining({ id: reserved.response!.file_id, name: "ESC-0042.md" }));
    expect(JSON.stringify(replies.messages)).not.toContain("data");
  });

  it("keeps Slack's rules: files:write, membership (public channels too), a real thread, bytes that arrived, a size limit", async () => {
    const { fake, client } = await emulator({
      channels: [
        { id: "C0TIER1", name: "fleet-support-tier1" },
        { id: "C0OUT", name: "no-app-here", members: ["U0ANN"] },
      ],
    });
    const upload = (opts: Record<string, unknown>) => errorOf(client.filesUploadV2({ filename: "x.md", content: "hello", ...opts } as never));
    expect(await upload({ channel_id: "C0OUT" })).toBe("not_in_channel");
    expect(await upload({ channel_id: "C0NOPE" })).toBe("channel_not_found");
    expect(await upload({ channel_id: "C0TIER1", thread_ts: "1.000001" })).toBe("thread_not_found");
    expect(fake.messages.size).toBe(0);
    // A file whose bytes never arrived cannot be shared.
    const reserved = await client.files.getUploadURLExternal({ filename: "x.md", length: 5 });
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }], channel_id: "C0TIER1" }))).toBe("file_not_found");
    expect(await errorOf(client.files.completeUploadExternal({ files: [{ id: "FNOPE" }], channel_id: "C0TIER1" }))).toBe("file_not_found");
    expect(await errorOf(client.files.getUploadURLExternal({ filename: "big.md", length: MAX_FILE_BYTES + 1 }))).toBe("file_too_large");
    // More bytes than announced are refused at the upload URL.
    const small = await client.files.getUploadURLExternal({ filename: "x.md", length: 2 });
    const res = await fetch(small.upload_url!, { method: "POST", body: "too many bytes" });
    expect(res.status).toBe(413);
    expect(fake.messages.size).toBe(0);
  });

  it("answers missing_scope when the app was not granted files:write", async () => {
    const { client } = await emulator({ scopes: ["chat:write", "channels:read"] });
    expect(await errorOf(client.filesUploadV2({ channel_id: "C0TIER1", filename: "x.md", content: "hello" }))).toBe("missing_scope");
  });
});

describe("a shared file on the page", () => {
  const file = (over: Partial<WorkspaceFile> = {}): WorkspaceFile => ({
    id: "F0ABC",
    name: "ESC-0042.md",
    title: "ESC-0042 <b>documentation</b>",
    size: 2048,
    filetype: "markdown",
    mimetype: "text/markdown",
    data: Buffer.from('# Title\n<img src=x onerror="alert(1)"> & "quotes"').toString("base64"),
    ...over,
  });

  it("shows title, name, size, an escaped preview and a download link for the viewer", () => {
    const html = renderFiles([file()], "U0ANN", "cm1-2");
    expect(html).toContain('<span class="msg-file-title" id="cm1-2-f0-title">ESC-0042 &lt;b&gt;documentation&lt;/b&gt;</span>');
    expect(html).toContain("ESC-0042.md · 2.0 kB");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;</pre>");
    expect(html).not.toContain("<img");
    expect(html).toContain(`href="${downloadPath(file(), "U0ANN").replace(/&/g, "&amp;")}"`);
    expect(html).toContain('download="ESC-0042.md">Download ESC-0042.md</a>');
  });

  it("cuts a long preview visibly and shows none for a file that is not text", () => {
    const long = renderFiles([file({ data: Buffer.from("x".repeat(PREVIEW_CHARS + 50)).toString("base64") })], "U0ANN", "p");
    expect(long).toContain(`${"x".repeat(PREVIEW_CHARS)}\n…</pre>`);
    expect(renderFiles([file({ filetype: "binary" })], "U0ANN", "p")).toContain("No preview for this kind of file.");
    expect(renderFiles(undefined, "U0ANN", "p")).toBe("");
    expect([formatSize(980), formatSize(12_300), formatSize(2_500_000)]).toEqual(["980 B", "12.3 kB", "2.5 MB"]);
  });
});
