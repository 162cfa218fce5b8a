import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, verifySlackRequest } from '@slack/bolt';
import {
  type ConversationsListResponse,
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playingSlack } from '../support/harness.js';
import { blockAction, computeSlackSignature, slackSender, viewSubmission } from '../support/signed-request.js';
import { startTestSlack, TEST_TEAM_ID, type SlackEmulator } from '../support/test-slack.js';

describe('the Slack emulator with the real WebClient', () => {
  let fake: SlackEmulator;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startTestSlack({ users: [{ id: 'U0LEAD', email: 'lead@example.com', name: 'lead' }], tsBaseSec: 1_700_000_000 });
    client = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('serves auth.test and records the bearer token', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'U0BOT', team_id: TEST_TEAM_ID, bot_id: 'B0BOT' });
    expect(fake.callsTo('auth.test')[0]?.token).toBe('xoxb-test');
  });

  it('paginates conversations.list', async () => {
    const names: string[] = [];
    for await (const page of client.paginate('conversations.list', { limit: 200 })) {
      names.push(...((page as ConversationsListResponse).channels ?? []).map((c) => c.name ?? ''));
    }
    expect(names).toEqual([
      'fleet-support-tier1',
      'fleet-support-tier2',
      'fleet-engineering',
      'security-alerts',
      'fleet-management',
    ]);
    // 5 channels, page size 2 → 3 pages, each after the first carrying a cursor.
    const calls = fake.callsTo('conversations.list');
    expect(calls).toHaveLength(3);
    expect(calls[0]?.args.cursor).toBeUndefined();
    expect(calls[2]?.args.cursor).toEqual(expect.any(String));
  });

  it('lists private channels only when asked to, like Slack', async () => {
    fake.addChannel({ id: 'C0PRIV', name: 'secret-war-room', is_private: true });
    const publicOnly = await client.paginate('conversations.list', {}, () => false, (acc: string[] | undefined, page) => [
      ...(acc ?? []),
      ...((page as ConversationsListResponse).channels ?? []).map((c) => c.id ?? ''),
    ]);
    expect(publicOnly).not.toContain('C0PRIV');
    const first = await client.conversations.list({ types: 'private_channel' });
    expect(first.channels).toEqual([expect.objectContaining({ id: 'C0PRIV', name: 'secret-war-room', is_channel: true, is_private: true, is_archived: false, is_member: true })]);
    expect(first.response_metadata?.next_cursor).toBe('');
  });

  it('round-trips chat.postMessage and chat.update with parsed blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*P1* outage' } }];
    const posted = await client.chat.postMessage({ channel: 'C0TIER1', text: 'P1 outage', blocks });
    expect(posted.ts).toBe('1700000000.000000');
    expect(posted.message).toMatchObject({ text: 'P1 outage', blocks });
    expect(fake.posted('C0TIER1')[0]?.args.blocks).toEqual(blocks); // an object again, not a JSON string

    const second = await client.chat.postMessage({ channel: 'C0TIER1', text: 'reply', thread_ts: posted.ts! });
    expect(second.ts).toBe('1700000000.000100');
    expect(second.message?.thread_ts).toBe(posted.ts);

    const newBlocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*P1* resolved' } }];
    const updated = await client.chat.update({ channel: 'C0TIER1', ts: posted.ts!, text: 'resolved', blocks: newBlocks });
    expect(updated).toMatchObject({ ok: true, channel: 'C0TIER1', ts: posted.ts });
    expect(fake.messages.get(`C0TIER1:${posted.ts}`)).toMatchObject({ text: 'resolved', blocks: newBlocks, updates: 1 });

    await expect(client.chat.update({ channel: 'C0TIER1', ts: '1.2', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    const dm = await client.chat.postMessage({ channel: 'U0LEAD', text: 'psst' });
    expect(dm.channel).toBe('DU0LEAD');
    const link = await client.chat.getPermalink({ channel: 'C0TIER1', message_ts: posted.ts! });
    expect(link.permalink).toBe('https://sandbox.slack.test/archives/C0TIER1/p1700000000000000');
  });

  it('serves views, DMs and user lookups', async () => {
    const view = { type: 'modal' as const, callback_id: 'escalate', title: { type: 'plain_text' as const, text: 'Escalate' }, blocks: [] };
    fake.registerTrigger('trig-x', 'U0LEAD');
    const opened = await client.views.open({ trigger_id: 'trig-x', view });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: 'escalate' });
    const updated = await client.views.update({ view_id: opened.view!.id!, view });
    expect(updated.view?.id).toBe(opened.view!.id);
    expect((await client.conversations.open({ users: 'U0LEAD' })).channel?.id).toBe('DU0LEAD');
    expect((await client.users.lookupByEmail({ email: 'lead@example.com' })).user?.id).toBe('U0LEAD');
    await expect(client.users.lookupByEmail({ email: 'nobody@example.com' })).rejects.toMatchObject({
      data: { error: 'users_not_found' },
    });
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });

  it('turns a 429 fault into a rate-limited error, then recovers', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfterSec: 7 });
    const err: unknown = await client.chat.postMessage({ channel: 'C0TIER1', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect((err as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect(fake.rejected.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(fake.calls).toHaveLength(0);

    await client.chat.postMessage({ channel: 'C0TIER1', text: 'x' }); // times defaults to 1
    expect(fake.posted()).toHaveLength(1);
  });

  it('gives a platform error for an `error` fault, only where `match` applies', async () => {
    fake.fail('chat.postMessage', { error: 'is_archived', match: (a) => a.channel === 'C0ENG', times: 2 });
    await client.chat.postMessage({ channel: 'C0TIER1', text: 'unaffected' });
    for (let i = 0; i < 2; i++) {
      const err: unknown = await client.chat.postMessage({ channel: 'C0ENG', text: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebAPIPlatformError);
      expect((err as WebAPIPlatformError).data.error).toBe('is_archived');
    }
    await client.chat.postMessage({ channel: 'C0ENG', text: 'third time lucky' });
    expect(fake.posted().map((c) => c.args.text)).toEqual(['unaffected', 'third time lucky']);
    expect(fake.rejected).toHaveLength(2);
  });

  it('answers HTTP 500 and dropped responses as the WebClient expects', async () => {
    fake.fail('chat.postMessage', { status: 500 });
    await expect(client.chat.postMessage({ channel: 'C0TIER1', text: 'x' })).rejects.toBeInstanceOf(WebAPIHTTPError);

    // The call takes effect although the client sees a network failure — the duplicate-post hazard.
    fake.fail('chat.postMessage', { dropResponse: true });
    await expect(client.chat.postMessage({ channel: 'C0TIER1', text: 'lost ack' })).rejects.toBeInstanceOf(WebAPIRequestError);
    expect(fake.posted().map((c) => c.args.text)).toEqual(['lost ack']);
    expect(fake.messages.size).toBe(1);
  });

  it('waitFor resolves for past and future calls and explains timeouts', async () => {
    await client.chat.postMessage({ channel: 'C0TIER1', text: 'first' });
    await expect(fake.waitFor('chat.postMessage')).resolves.toMatchObject({ args: { text: 'first' } });

    const later = fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C0SEC');
    const two = fake.waitForCount('chat.postMessage', 3);
    await client.chat.postMessage({ channel: 'C0TIER2', text: 'second' });
    await client.chat.postMessage({ channel: 'C0SEC', text: 'third' });
    await expect(later).resolves.toMatchObject({ args: { text: 'third' } });
    expect((await two).map((c) => c.args.text)).toEqual(['first', 'second', 'third']);

    await expect(fake.waitFor('views.open', undefined, 50)).rejects.toThrow(/views\.open[\s\S]*chat\.postMessage channel=C0TIER1/);
    fake.reset();
    expect(fake.calls).toHaveLength(0);
  });
});

describe('slackSender signing', () => {
  const secret = 'test-signing-secret';
  let server: Server;
  let url: string;
  let received: { body: string; headers: IncomingHttpHeaders }[];

  beforeEach(async () => {
    received = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const verify = (r: { body: string; headers: IncomingHttpHeaders }): void =>
    verifySlackRequest({
      signingSecret: secret,
      body: r.body,
      headers: {
        'x-slack-signature': String(r.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
      },
    });

  it('produces signatures that @slack/bolt accepts, and bad/stale ones it rejects', async () => {
    const send = slackSender(url, secret);
    const reply = await send.slashCommand({ text: 'P1 truck 42 down' });
    expect(reply.json()).toEqual({ ok: true });
    const [good] = received;
    expect(good?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() => verify(good!)).not.toThrow();
    const form = new URLSearchParams(good!.body);
    expect(form.get('text')).toBe('P1 truck 42 down');
    expect(form.get('command')).toBe('/escalate');
    expect(form.get('channel_id')).toBe('C0TIER1');
    expect(form.get('trigger_id')).toMatch(/^trig-\d+$/);

    const ts = Math.floor(Date.now() / 1000);
    await send.interaction({ type: 'block_actions' }, { badSignature: true, timestamp: ts, retryNum: 1 });
    const bad = received[1]!;
    expect(bad.headers['x-slack-signature']).not.toBe(computeSlackSignature(secret, ts, bad.body));
    expect(bad.headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(bad.headers['x-slack-retry-num']).toBe('1');
    expect(bad.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(() => verify(bad)).toThrow(/signature mismatch/);

    await send.interaction({ type: 'block_actions' }, { timestamp: ts - 600 });
    expect(() => verify(received[2]!)).toThrow(/stale/);
  });
});

describe('the emulator + signed requests against a real Bolt app', () => {
  it('delivers a slash command, a button click and a view submission', async () => {
    const fake = await startTestSlack();
    const secret = 'bolt-secret';
    const app = new App({
      token: 'xoxb-test',
      signingSecret: secret,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });
    const seen: string[] = [];
    app.command('/escalate', async ({ ack, command, client }) => {
      await ack();
      await client.chat.postMessage({ channel: command.channel_id, text: `escalating: ${command.text}` });
    });
    app.action('ack_btn', async ({ ack, body }) => {
      await ack();
      seen.push(`action:${(body as { actions: { value: string }[] }).actions[0]!.value}`);
    });
    app.view('escalate_modal', async ({ ack, view }) => {
      await ack();
      seen.push(`view:${view.state.values.sev?.pick?.selected_option?.value ?? '?'}:${view.private_metadata}`);
    });
    const server = (await app.start(0)) as Server;
    try {
      const send = slackSender(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, secret, playingSlack(fake));

      expect((await send.slashCommand({ text: 'truck 42' })).status).toBe(200);
      await expect(fake.waitFor('chat.postMessage')).resolves.toMatchObject({ args: { channel: 'C0TIER1', text: 'escalating: truck 42' } });

      expect((await send.interaction(blockAction({ actionId: 'ack_btn', value: 'inc-7' }))).status).toBe(200);
      const submission = viewSubmission({
        callbackId: 'escalate_modal',
        privateMetadata: 'inc-7',
        values: { sev: { pick: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'P1' }, value: 'p1' } } } },
      });
      expect((await send.interaction(submission)).status).toBe(200);
      expect(seen).toEqual(['action:inc-7', 'view:p1:inc-7']);

      expect((await send.slashCommand({ text: 'forged' }, { badSignature: true })).status).toBe(401);
    } finally {
      await app.stop();
      await fake.stop();
    }
  });
});
