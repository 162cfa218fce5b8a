/**
 * Slack's documented Block Kit limits (docs.slack.dev/reference/block-kit/...), kept as data so the
 * emulator refuses what real Slack refuses and every rule can be traced to one number here.
 */
export type Surface = "message" | "modal" | "home";

export const LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 },
  blockId: 255,
  actionId: 255,
  /** Any text object without a tighter limit of its own. */
  text: 3000,
  section: { text: 3000, fields: 10, field: 2000 },
  header: { text: 150 },
  context: { elements: 10 },
  actions: { elements: 25 },
  image: { url: 3000, altText: 2000, title: 2000 },
  input: { label: 2000, hint: 2000 },
  markdown: { text: 12_000 },
  /** The docs say "less than 200" / "less than 50"; read as a maximum so we never refuse a borderline value Slack takes. */
  video: { title: 200, authorName: 50 },
  table: { rows: 100, columns: 20 },
  contextActions: { elements: 5 },
  button: { text: 75, value: 2000, url: 3000, accessibilityLabel: 75 },
  placeholder: 150,
  option: { text: 75, value: 150, description: 75, url: 3000 },
  select: { options: 100, optionGroups: 100, groupLabel: 75 },
  overflow: { minOptions: 2, maxOptions: 5 },
  /** Radio buttons and checkboxes. */
  choices: 10,
  plainTextInput: { minLength: 3000, maxLength: 3000 },
  fileInput: { maxFiles: 10 },
  confirm: { title: 100, text: 300, button: 30 },
  view: { title: 24, button: 24, privateMetadata: 3000, callbackId: 255, externalId: 255 },
  /**
   * chat.postMessage: the docs say Slack truncates text past 40,000 characters; the emulator refuses it (msg_too_long).
   * Slack staff have said (seratch/ChatGPT-in-Slack#102, 2024) real Slack now refuses far shorter texts, near 4,000.
   */
  message: { text: 40_000, attachments: 100 },
} as const;

const EVERYWHERE: readonly Surface[] = ["message", "modal", "home"];
const MESSAGES: readonly Surface[] = ["message"];

/**
 * Block types and the surfaces that take them. Input blocks are listed for messages too: the current
 * input block reference names Messages among its surfaces (older pages said modals and Home tabs only).
 */
export const BLOCK_SURFACES: Readonly<Record<string, readonly Surface[]>> = {
  section: EVERYWHERE,
  header: EVERYWHERE,
  context: EVERYWHERE,
  divider: EVERYWHERE,
  image: EVERYWHERE,
  actions: EVERYWHERE,
  input: EVERYWHERE,
  rich_text: EVERYWHERE,
  video: EVERYWHERE,
  file: MESSAGES,
  markdown: MESSAGES,
  table: MESSAGES,
  context_actions: MESSAGES,
  // Newer blocks in @slack/types whose surfaces we could not confirm: accepted rather than risk refusing what Slack takes.
  alert: EVERYWHERE,
  card: EVERYWHERE,
  carousel: EVERYWHERE,
  container: EVERYWHERE,
  data_table: EVERYWHERE,
  task_card: EVERYWHERE,
  plan: EVERYWHERE,
};

const SELECTS = ["static_select", "external_select", "users_select", "conversations_select", "channels_select"] as const;
const MULTI_SELECTS = SELECTS.map((s) => `multi_${s}`);

/** Which element types each element-holding place accepts (per @slack/types and the block reference pages). */
export const ELEMENTS_IN = {
  sectionAccessory: [
    "button",
    "checkboxes",
    "datepicker",
    "image",
    "overflow",
    "radio_buttons",
    "timepicker",
    "workflow_button",
    ...SELECTS,
    ...MULTI_SELECTS,
  ],
  actions: [
    "button",
    "checkboxes",
    "datepicker",
    "datetimepicker",
    "overflow",
    "radio_buttons",
    "timepicker",
    "workflow_button",
    "rich_text_input",
    ...SELECTS,
    ...MULTI_SELECTS,
  ],
  input: [
    "checkboxes",
    "datepicker",
    "datetimepicker",
    "email_text_input",
    "file_input",
    "number_input",
    "plain_text_input",
    "radio_buttons",
    "rich_text_input",
    "timepicker",
    "url_text_input",
    ...SELECTS,
    ...MULTI_SELECTS,
  ],
  context: ["image"],
} as const satisfies Record<string, readonly string[]>;

export const BUTTON_STYLES = ["primary", "danger"] as const;
