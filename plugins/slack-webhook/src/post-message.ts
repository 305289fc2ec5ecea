import { type RuleScope, TemplateError, templateProblems } from '@stagecraft/graph';
import { type ConfigProblem, defineNodeType, type ExecuteInput } from '@stagecraft/sdk';
import { z } from 'zod';
import { renderBlocks, renderMrkdwn, stringLeaves } from './mrkdwn.js';
import { settingsSchema } from './settings.js';

/** Slack's own limit on blocks in one message. */
const MAX_BLOCKS = 50;

export const PostMessageConfigSchema = z.object({
  text: z
    .string()
    .min(1, 'Write the message; Slack shows it in notifications even when blocks are set.')
    .max(4000, 'Keep the message under 4,000 characters.')
    .meta({
      title: 'Message',
      description:
        'Slack mrkdwn with Liquid, e.g. *{{ profile.name }}* signed up on the {{ event.plan }} plan.',
    }),
  blocks: z.string().max(20_000, 'Keep the blocks under 20,000 characters.').default('').meta({
    title: 'Blocks (optional)',
    description:
      'Block Kit JSON, strings may use Liquid, e.g. [{"type":"section","text":{"type":"mrkdwn","text":"{{ profile.email }}"}}]',
  }),
});

/** Posts a message to a Slack channel through an incoming webhook set in the plugin's settings. */
export const postMessage = defineNodeType({
  type: 'slack-webhook/post-message',
  version: 1,
  title: 'Post to Slack',
  description: 'Posts a message to the Slack channel of your incoming webhook, with the customer’s data.',
  category: 'action',
  icon: 'message-square',
  configSchema: PostMessageConfigSchema,
  defaults: { text: 'New signup: *{{ profile.email }}*', blocks: '' },
  ports: [
    { id: 'success', label: 'Posted' },
    { id: 'failure', label: 'Not posted' },
  ],
  compile: (config) => ({
    actions: [{ type: 'plugin', params: { text: config.text, blocks: config.blocks } }],
    exits: [
      { on: 'result', ok: true, port: 'success' },
      { on: 'result', ok: false, port: 'failure' },
    ],
  }),
  validate: (config, context) => {
    const reach = context.canReadResponse ? { canReadResponse: context.canReadResponse } : {};
    const problems: ConfigProblem[] = templateProblems(config.text, reach).map((message) => ({
      path: 'text',
      message,
    }));
    if (config.blocks.trim() === '') return problems;
    const blocks = parseBlocks(config.blocks);
    if ('error' in blocks) return [...problems, { path: 'blocks', message: blocks.error }];
    for (const leaf of stringLeaves(blocks.value, 'blocks')) {
      for (const message of templateProblems(leaf.text, reach)) problems.push({ path: 'blocks', message });
    }
    return problems;
  },
  execute: async (input, { fetch, signal, settings, log }) => {
    const parsed = settingsSchema.safeParse(settings);
    if (!parsed.success)
      return { ok: false, error: 'Slack is not set up: set the incoming webhook URL in Settings > Plugins.' };
    const message = renderMessage(input);
    if ('error' in message) return { ok: false, error: message.error };
    const response = await fetch(parsed.data.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message.payload),
      signal,
    });
    const answer = (await response.text()).slice(0, 200);
    // Rate limits and Slack's own outages pass; throwing lets the runtime retry with the step's policy.
    if (response.status === 429 || response.status >= 500)
      throw new Error(`Slack answered ${response.status} ${answer}`.trim());
    if (!response.ok) {
      log('Slack refused the message', { status: response.status, answer });
      return { ok: false, error: `Slack refused the message: ${response.status} ${answer}`.trim() };
    }
    return { ok: true, data: { status: response.status } };
  },
  summary: (config) => {
    const line = config.text.replace(/\s+/g, ' ').trim();
    return `Post to Slack: “${line.length > 48 ? `${line.slice(0, 47)}…` : line}”`;
  },
});

type Params = ExecuteInput<Record<string, unknown>>;

/** The JSON body for Slack, rendered for this customer, or why it cannot be. */
function renderMessage(input: Params): { payload: Record<string, unknown> } | { error: string } {
  const text = typeof input.params.text === 'string' ? input.params.text : '';
  const blocksText = typeof input.params.blocks === 'string' ? input.params.blocks : '';
  const scope: RuleScope = {
    profile: { customerId: input.customerId, traits: input.profile },
    event: input.event && {
      name: input.event.name,
      properties: input.event.properties,
      at: Date.parse(input.event.timestamp),
    },
    response: input.outputs,
  };
  try {
    const payload: Record<string, unknown> = { text: renderMrkdwn(text, scope) };
    if (blocksText.trim() !== '') {
      const blocks = parseBlocks(blocksText);
      if ('error' in blocks) return { error: blocks.error };
      payload.blocks = renderBlocks(blocks.value, scope);
    }
    return { payload };
  } catch (error) {
    if (error instanceof TemplateError)
      return { error: `The message template does not render: ${error.message}` };
    throw error;
  }
}

/** Block Kit JSON as Slack accepts it: a list of at most 50 blocks, each an object with a type. */
function parseBlocks(text: string): { value: unknown[] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      error:
        'Blocks must be Block Kit JSON: a list such as [{"type":"section", ...}]; put Liquid inside quotes.',
    };
  }
  if (!Array.isArray(value)) return { error: 'Blocks must be a list: wrap them in [ ].' };
  if (value.length > MAX_BLOCKS) return { error: `Slack takes at most ${MAX_BLOCKS} blocks; remove some.` };
  const bad = value.findIndex(
    (block) =>
      block === null || typeof block !== 'object' || typeof (block as { type?: unknown }).type !== 'string',
  );
  if (bad >= 0) return { error: `Block ${bad + 1} needs a "type", e.g. "section", "header" or "divider".` };
  return { value };
}
