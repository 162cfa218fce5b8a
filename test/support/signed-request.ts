/**
 * Sends requests to a Bolt HTTP endpoint signed exactly as Slack signs them,
 * plus builders for realistic interaction payloads.
 *
 * Signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 *   X-Slack-Signature = 'v0=' + hex(HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`))
 *   X-Slack-Request-Timestamp = timestamp (unix seconds)
 */
import type { BlockAction, ButtonAction, ViewStateValue, ViewSubmitAction } from '@slack/bolt';
import { computeSlackSignature, signedHeaders as slackSignedHeaders, type SigningOptions } from '../../src/sandbox/signing.js';
import { BOT_ID, BOT_USER_ID, DEFAULT_CHANNELS, TEST_APP_ID, TEST_TEAM_ID } from './test-slack.js';

export { computeSlackSignature };

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  response_url: string;
  trigger_id: string;
  api_app_id: string;
  is_enterprise_install: string;
}

export type SendOpts = SigningOptions;

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Parses `body` as JSON; throws with the body in the message if it is not JSON. */
  json(): any;
}

export interface SlackSender {
  slashCommand(fields: Partial<SlashCommandFields> & { text?: string }, opts?: SendOpts): Promise<Reply>;
  interaction(payload: object, opts?: SendOpts): Promise<Reply>;
  /** An Events API envelope (`event_callback`), sent as JSON like Slack sends it. */
  event(envelope: object, opts?: SendOpts): Promise<Reply>;
  /** Sends `body` unsigned with exactly `headers` (content-type defaults to form-urlencoded if absent). */
  raw(body: string, headers: Record<string, string>): Promise<Reply>;
}

/** A response URL nothing listens on, for requests whose answer a test does not read. */
export const UNUSED_RESPONSE_URL = 'http://127.0.0.1:9/response';

let triggerCounter = 0;
/** Unique trigger id per call, like Slack's (only uniqueness matters to the fake). */
export function nextTriggerId(): string {
  triggerCounter += 1;
  return `trig-${triggerCounter}`;
}

/** Headers Slack would send with `rawBody`, honouring `opts`. */
export function signedHeaders(signingSecret: string, rawBody: string, opts: SendOpts = {}): Record<string, string> {
  return slackSignedHeaders(signingSecret, rawBody, opts);
}

function channelName(id: string): string {
  return DEFAULT_CHANNELS.find((c) => c.id === id)?.name ?? 'unknown-channel';
}

/** Full slash-command form fields, with defaults for everything not given. */
export function slashCommandFields(fields: Partial<SlashCommandFields> = {}): SlashCommandFields {
  // Drop explicit undefineds so they neither override defaults nor get sent as "undefined".
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<SlashCommandFields>;
  const channelId = given.channel_id ?? 'C0TIER1';
  const userId = given.user_id ?? 'U0AGENT';
  return {
    token: 'x',
    team_id: TEST_TEAM_ID,
    team_domain: 'sandbox',
    channel_id: channelId,
    channel_name: channelName(channelId),
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/escalate',
    text: '',
    response_url: UNUSED_RESPONSE_URL,
    trigger_id: nextTriggerId(),
    api_app_id: TEST_APP_ID,
    is_enterprise_install: 'false',
    ...given,
  };
}

/**
 * Told about each request before it is sent, as Slack knows about every interaction it sends: the
 * person who made it and the trigger id it hands out.
 */
export type BeforeSend = (sent: { userId?: string; triggerId?: string }) => void;

export function slackSender(endpointUrl: string, signingSecret: string, beforeSend: BeforeSend = () => {}): SlackSender {
  const post = async (body: string, headers: Record<string, string>): Promise<Reply> => {
    const res = await fetch(endpointUrl, { method: 'POST', body, headers });
    const text = await res.text();
    return {
      status: res.status,
      body: text,
      headers: Object.fromEntries(res.headers.entries()),
      json(): any {
        try {
          return JSON.parse(text);
        } catch {
          throw new Error(`Reply (HTTP ${res.status}) is not JSON: ${JSON.stringify(text)}`);
        }
      },
    };
  };
  const signed = (body: string, opts?: SendOpts): Promise<Reply> => post(body, signedHeaders(signingSecret, body, opts));

  return {
    slashCommand: (fields, opts) => {
      const all = slashCommandFields(fields);
      beforeSend({ userId: all.user_id, triggerId: all.trigger_id });
      return signed(new URLSearchParams({ ...all }).toString(), opts);
    },
    interaction: (payload, opts) => {
      const p = payload as { user?: { id?: string }; trigger_id?: string };
      beforeSend({ ...(p.user?.id ? { userId: p.user.id } : {}), ...(p.trigger_id ? { triggerId: p.trigger_id } : {}) });
      return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), opts);
    },
    event: (envelope, opts) => {
      const body = JSON.stringify(envelope);
      return post(body, slackSignedHeaders(signingSecret, body, opts, 'application/json'));
    },
    raw: (body, headers) => {
      const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
      return post(body, hasContentType ? headers : { 'content-type': 'application/x-www-form-urlencoded', ...headers });
    },
  };
}

// ------------------------------------------------------------ payload builders

export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

/** A view_submission payload; `user.username` is sent by Slack though Bolt's type omits it. */
export type ViewSubmissionPayload = ViewSubmitAction & { user: { username: string } };

export function viewSubmission(opts: {
  callbackId: string;
  values: ViewStateValues;
  privateMetadata?: string;
  viewId?: string;
  userId?: string;
}): ViewSubmissionPayload {
  const userId = opts.userId ?? 'U0AGENT';
  const viewId = opts.viewId ?? 'V0SUBMIT';
  return {
    type: 'view_submission',
    team: { id: TEST_TEAM_ID, domain: 'sandbox' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEST_TEAM_ID },
    api_app_id: TEST_APP_ID,
    token: 'x',
    trigger_id: nextTriggerId(),
    is_enterprise_install: false,
    response_urls: [],
    view: {
      id: viewId,
      team_id: TEST_TEAM_ID,
      type: 'modal',
      callback_id: opts.callbackId,
      private_metadata: opts.privateMetadata ?? '',
      state: { values: opts.values },
      hash: 'h',
      title: { type: 'plain_text', text: 'x' },
      close: { type: 'plain_text', text: 'Cancel' },
      submit: { type: 'plain_text', text: 'Submit' },
      blocks: [],
      app_id: TEST_APP_ID,
      bot_id: BOT_ID,
      root_view_id: viewId,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      external_id: '',
    },
  };
}

export function blockAction(opts: {
  actionId: string;
  value: string;
  blockId?: string;
  userId?: string;
  channelId?: string;
  messageTs?: string;
  /** The thread the message is a reply in (a reminder in the escalation's thread). */
  threadTs?: string;
  triggerId?: string;
  /** Button label (default: the value). */
  text?: string;
  /** Content of the message the button sits on, if the handler reads it. */
  message?: { text?: string; blocks?: unknown[] };
}): BlockAction<ButtonAction> {
  const userId = opts.userId ?? 'U0AGENT';
  const channelId = opts.channelId ?? 'C0TIER1';
  const messageTs = opts.messageTs ?? '1700000000.000100';
  const actionTs = (Date.now() / 1000).toFixed(6);
  return {
    type: 'block_actions',
    team: { id: TEST_TEAM_ID, domain: 'sandbox' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEST_TEAM_ID },
    api_app_id: TEST_APP_ID,
    token: 'x',
    trigger_id: opts.triggerId ?? nextTriggerId(),
    response_url: UNUSED_RESPONSE_URL,
    is_enterprise_install: false,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) },
    channel: { id: channelId, name: channelName(channelId) },
    message: {
      type: 'message',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      ts: messageTs,
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
      text: opts.message?.text ?? '',
      blocks: opts.message?.blocks ?? [],
    },
    actions: [
      {
        type: 'button',
        action_id: opts.actionId,
        block_id: opts.blockId ?? 'actions',
        value: opts.value,
        text: { type: 'plain_text', text: opts.text ?? opts.value },
        action_ts: actionTs,
      },
    ],
  };
}
